using System.Runtime.CompilerServices;
using Tailor.Chat;
using Tailor.Testing;

namespace Tailor.Server.Tests.Web;

/// <summary>
/// The scripted chat model, but its stream hands out a few characters at a time with a pause between pieces, as a
/// real model writes, so a browser can be seen to show a partial answer before the whole one.
/// </summary>
internal sealed class PacedChatModel(Func<IReadOnlyList<ChatMessage>, string> reply) : IChatModel
{
    private readonly ScriptedChatModel _inner = new(reply);

    public string ModelId => _inner.ModelId;

    public int ContextWindow => _inner.ContextWindow;

    public Task<ChatCompletion> CompleteAsync(IReadOnlyList<ChatMessage> messages, ChatRequestOptions? options = null, CancellationToken cancellationToken = default) =>
        _inner.CompleteAsync(messages, options, cancellationToken);

    public async IAsyncEnumerable<ChatUpdate> StreamAsync(IReadOnlyList<ChatMessage> messages, ChatRequestOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var update in _inner.StreamAsync(messages, options, cancellationToken))
        {
            yield return update;
            await Task.Delay(40, cancellationToken);
        }
    }
}
