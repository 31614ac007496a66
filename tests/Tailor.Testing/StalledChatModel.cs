using System.Runtime.CompilerServices;
using Tailor.Chat;

namespace Tailor.Testing;

/// <summary>A chat model that never answers: every request waits until it is cancelled (for tests of timeouts).</summary>
public sealed class StalledChatModel : IChatModel
{
    private int _requests;

    /// <summary>How many requests reached the model.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public string ModelId => "stalled-model";

    public int ContextWindow => 8192;

    public async Task<ChatCompletion> CompleteAsync(IReadOnlyList<ChatMessage> messages, ChatRequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _requests);
        await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        throw new InvalidOperationException("unreachable: the delay ends only by cancellation");
    }

    public async IAsyncEnumerable<ChatUpdate> StreamAsync(IReadOnlyList<ChatMessage> messages, ChatRequestOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        yield return new ChatUpdate((await CompleteAsync(messages, options, cancellationToken).ConfigureAwait(false)).Text);
    }
}
