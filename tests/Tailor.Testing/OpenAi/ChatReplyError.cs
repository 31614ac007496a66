namespace Tailor.Testing.OpenAi;

/// <summary>
/// Thrown by a scripted <see cref="OpenAiTestServer.ChatReply"/> to answer that request with an
/// OpenAI error object and <paramref name="status"/> (e.g. 400 for a prompt the model refuses,
/// 500 for a server error that retries will not fix).
/// </summary>
public sealed class ChatReplyError(int status, string message, string? code = null) : Exception(message)
{
    public int Status { get; } = status;

    public string? Code { get; } = code;
}
