using System.Runtime.CompilerServices;
using Tailor.Chat;

namespace Tailor.Testing;

/// <summary>
/// An in-process <see cref="IChatModel"/> for core tests that need no HTTP: replies come from
/// <see cref="Reply"/>, every request is recorded in <see cref="Requests"/>. Streams the reply in
/// small pieces. Code that talks to a real server is tested against the OpenAI test server instead.
/// </summary>
public sealed class ScriptedChatModel(Func<IReadOnlyList<ChatMessage>, string> reply, string modelId = "scripted-model", int contextWindow = 8192) : IChatModel
{
    private readonly List<IReadOnlyList<ChatMessage>> _requests = [];

    public Func<IReadOnlyList<ChatMessage>, string> Reply { get; set; } = reply;

    public IReadOnlyList<IReadOnlyList<ChatMessage>> Requests
    {
        get { lock (_requests) return _requests.ToList(); }
    }

    public string ModelId { get; } = modelId;

    public int ContextWindow { get; } = contextWindow;

    public Task<ChatCompletion> CompleteAsync(IReadOnlyList<ChatMessage> messages, ChatRequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        lock (_requests) _requests.Add(messages.ToList());
        var text = Reply(messages);
        return Task.FromResult(new ChatCompletion(text, ModelId, new ChatUsage(messages.Sum(m => m.Content.Length / 4), text.Length / 4, Estimated: true), "stop"));
    }

    public async IAsyncEnumerable<ChatUpdate> StreamAsync(IReadOnlyList<ChatMessage> messages, ChatRequestOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var completion = await CompleteAsync(messages, options, cancellationToken).ConfigureAwait(false);
        for (int i = 0; i < completion.Text.Length; i += 5)
            yield return new ChatUpdate(completion.Text.Substring(i, Math.Min(5, completion.Text.Length - i)));
        yield return new ChatUpdate("", completion.Usage, "stop");
    }
}
