using System.Collections.Concurrent;

namespace Tailor.Server.Hosting;

/// <summary>
/// One turn at a time per session: a second turn in the same session waits for the first to be stored, so it reads
/// the history with the first turn in it (the store would otherwise refuse the later of two concurrent turns).
/// </summary>
public sealed class SessionGates
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    public async Task<IDisposable> EnterAsync(string kb, string session, CancellationToken ct)
    {
        var gate = _gates.GetOrAdd(kb + "\n" + session, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        return new Release(gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) gate.Release();
        }
    }
}
