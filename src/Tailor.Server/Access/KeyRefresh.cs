namespace Tailor.Server.Access;

/// <summary>
/// Refreshes the server's keys about once a second (<see cref="KeyStore.Refresh"/>: one cheap version query), so a key
/// created or revoked through another server or <c>tailor keys</c> on the same store takes effect here within a second or
/// two, while requests are checked against the keys in memory. Whatever stops a refresh (the database down or busy, a
/// file that cannot be read) is logged once per run of failures and tried again on the next tick: the keys read last stay
/// in use, until <see cref="ServerOptions.KeysUnreadableAfter"/> without a read makes every request wait for the store (503).
/// </summary>
internal sealed class KeyRefresh(KeyStore keys, ILogger<KeyRefresh> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        bool failing = false;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    keys.Refresh();
                    if (failing) log.LogInformation("the keys are read from {Location} again.", keys.Location);
                    failing = false;
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // any failure (SqliteException, NpgsqlException, IOException, ...): this service must outlive it, or a revoked key stays accepted
                    if (!failing) log.LogWarning(ex, "cannot read the keys from {Location} ({Error}); the keys read last stay in use and are read again every second.", keys.Location, ex.Message);
                    failing = true;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // the server stops
        }
    }
}
