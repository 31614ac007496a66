namespace Tailor.Cli;

/// <summary>An <see cref="IProgress{T}"/> that runs its handler on the reporting thread, in order (Progress&lt;T&gt; posts asynchronously).</summary>
internal sealed class SyncProgress<T>(Action<T> handler) : IProgress<T>
{
    private readonly object _gate = new();

    public void Report(T value)
    {
        lock (_gate) handler(value);
    }
}
