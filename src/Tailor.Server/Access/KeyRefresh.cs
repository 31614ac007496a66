namespace Tailor.Server.Access;

/// <summary>
/// Refreshes the server's keys about once a second (<see cref="KeyStore.Refresh"/>: one cheap version query), so a key
/// created or revoked through another server or <c>tailor keys</c> on the same store takes effect here within a second or
/// two, while requests are checked against the keys in memory. While the store cannot be read, the keys read last stay in use.
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
                catch (Exception ex) when (ex is TailorException or ServerException)
                {
                    if (!failing) log.LogWarning("cannot read the keys from {Location} ({Error}); the keys read last stay in use until it answers again.", keys.Location, ex.Message);
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
