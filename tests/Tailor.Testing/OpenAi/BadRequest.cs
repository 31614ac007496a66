namespace Tailor.Testing.OpenAi;

/// <summary>Ends a test-server request with an OpenAI-style error response.</summary>
internal sealed class BadRequest(int status, string message, string? code = null, string? param = null) : Exception(message)
{
    public int Status { get; } = status;

    public string? Code { get; } = code;

    public string? Param { get; } = param;
}
