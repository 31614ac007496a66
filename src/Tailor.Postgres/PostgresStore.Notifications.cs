using Npgsql;
using Tailor.Storage;

namespace Tailor.Postgres;

/// <summary>
/// Version moves by LISTEN/NOTIFY: every transaction that bumps the generation or the embeddings version notifies
/// <c>tailor_version</c> (delivered when it commits), and a listening connection of each process forgets the version it
/// knew, so searches read the version from the database only after a move instead of on every search. Polling remains the
/// fallback: while the listener is not connected (or the pool allows one connection only, as PGlite's socket does), the
/// version is not known and is read each time; the listener reconnects by itself.
/// </summary>
public sealed partial class PostgresStore : IVersionWatch
{
    private const string VersionChannel = "tailor_version";
    private static readonly TimeSpan ListenCheck = TimeSpan.FromSeconds(5);
    private readonly CancellationTokenSource _stopListening = new();
    private readonly object _listenGate = new();
    private Task? _listener;
    private volatile bool _listening;
    private volatile object? _known; // a boxed StoreVersion: the last version read while no move was notified
    private long _moves;

    /// <summary>True when this store may hold a connection of its own to listen on (the pool allows more than one).</summary>
    private bool CanListen { get; init; }

    public StoreVersion? KnownVersion
    {
        get
        {
            if (!CanListen) return null;
            if (_listener is null) StartListening();
            return _listening && _known is StoreVersion known ? known : null;
        }
    }

    /// <summary>True while the listening connection is up (for tests and diagnostics).</summary>
    public bool IsListening => _listening;

    /// <summary>Remembers a version read from the database, unless a move was notified while it was read.</summary>
    private void Remember(StoreVersion version, long movesBefore)
    {
        if (_listening && Interlocked.Read(ref _moves) == movesBefore) _known = version;
    }

    /// <summary>Forgets the known version (a move was notified, or this process committed a write).</summary>
    private void Moved()
    {
        Interlocked.Increment(ref _moves);
        _known = null;
    }

    private void StartListening()
    {
        lock (_listenGate)
        {
            if (_listener is not null || _stopListening.IsCancellationRequested) return;
            _listener = Task.Run(ListenAsync);
        }
    }

    private async Task ListenAsync()
    {
        var stop = _stopListening.Token;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(stop).ConfigureAwait(false);
                connection.Notification += (_, _) => Moved();
                await using (var listen = new NpgsqlCommand($"LISTEN {VersionChannel}", connection))
                    await listen.ExecuteNonQueryAsync(stop).ConfigureAwait(false);
                Moved(); // what moved before the listener was up is not known
                _listening = true;
                while (true)
                {
                    if (await connection.WaitAsync(ListenCheck, stop).ConfigureAwait(false)) continue;
                    // quiet for a while: make sure the connection is still there (a silently dropped one notifies nothing)
                    await using var ping = new NpgsqlCommand("SELECT 1", connection);
                    await ping.ExecuteScalarAsync(stop).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (PostgresFailure.IsDriverFailure(ex) || ex is IOException or InvalidOperationException)
            {
                // the database is unreachable or restarting: searches poll until the listener is back
            }
            finally
            {
                _listening = false;
                Moved();
            }
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private void StopListening()
    {
        Task? listener;
        lock (_listenGate)
        {
            if (_stopListening.IsCancellationRequested) return; // stopped already (a second Dispose)
            _stopListening.Cancel();
            listener = _listener;
        }
        try { listener?.Wait(TimeSpan.FromSeconds(5)); }
        catch (AggregateException) { /* it ended with the cancellation */ }
    }
}
