using Tailor.Ingestion;
using Tailor.Server.Operations;

namespace Tailor.Server.Hosting;

/// <summary>
/// Runs the durable ingest queues of every served knowledge base, one job at a time, as their only writer. Jobs left
/// queued or running by a stopped process are run first. On shutdown the running job is finished (within the
/// shutdown timeout) and no new one is started; one cut off stays queued and runs again at the next start.
/// </summary>
public sealed class IngestWorker : BackgroundService
{
    private readonly KnowledgeBaseRegistry _registry;
    private readonly ServerMetrics _metrics;
    private readonly ILogger<IngestWorker> _log;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _hardStop = new();

    public IngestWorker(KnowledgeBaseRegistry registry, ServerMetrics metrics, ILogger<IngestWorker> log)
    {
        _registry = registry;
        _metrics = metrics;
        _log = log;
        _registry.Opened += _ => Wake();
    }

    /// <summary>Tells the worker a job was queued.</summary>
    public void Wake() => _wake.Release();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            bool ranAny = false;
            foreach (var served in _registry.All)
            {
                if (!served.IsOpen || served.Deleting) continue;
                try
                {
                    foreach (var job in served.Open.Jobs.Pending())
                    {
                        if (stoppingToken.IsCancellationRequested) return;
                        await RunAsync(served, job);
                        ranAny = true;
                    }
                }
                catch (Exception ex) when (served.Deleting || ex is ObjectDisposedException)
                {
                    // deleted while its queue was read: nothing left to run
                }
                catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or IOException or ServerException or TailorException)
                {
                    // the queue cannot be read now (store unreachable): /readyz says so; try again at the next wake-up
                    _log.LogError(ex, "{Kb}: the ingest queue cannot be read", served.Name);
                }
            }
            if (ranAny) continue;
            try
            {
                await _wake.WaitAsync(TimeSpan.FromSeconds(5), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // the running job may finish until the host's shutdown timeout; then it is cut off (and runs again at the next start)
        using var cut = cancellationToken.Register(_hardStop.Cancel);
        await base.StopAsync(cancellationToken);
    }

    private async Task RunAsync(ServedKnowledgeBase served, IngestJob job)
    {
        await served.WriteGate.WaitAsync();
        using var activity = ServerMetrics.Activities.StartActivity("ingest job");
        activity?.SetTag("tailor.kb", served.Name);
        activity?.SetTag("tailor.job", job.Id);
        try
        {
            if (served.Deleting) return;
            var kb = served.Open;
            var folder = Path.Combine(kb.Directory, job.Folder);
            kb.Jobs.MarkRunning(job.Id);
            if (!Directory.Exists(folder))
            {
                kb.Jobs.Fail(job.Id, $"the job's upload folder {job.Folder} is gone; upload the files again.");
                return;
            }
            ReleaseReplacedUploads(kb, job, folder);
            var result = await kb.IngestAsync([folder], new IngestOptions { Tags = job.Tags }, ct: _hardStop.Token);
            kb.Jobs.Complete(job, result);
            _metrics.Ingested(served.Name, result.Added + result.Updated, result.Failed);
            _log.LogInformation("{Kb}: job {Job} done: {Added} added, {Updated} updated, {Unchanged} unchanged, {Failed} failed",
                served.Name, job.Id, result.Added, result.Updated, result.Unchanged, result.Failed);
        }
        catch (OperationCanceledException) when (_hardStop.IsCancellationRequested)
        {
            _log.LogWarning("{Kb}: job {Job} was cut off by shutdown; it runs again at the next start", served.Name, job.Id);
        }
        catch (TailorException ex)
        {
            served.Open.Jobs.Fail(job.Id, ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            _log.LogError(ex, "{Kb}: job {Job} failed", served.Name, job.Id);
            served.Open.Jobs.Fail(job.Id, $"the ingest failed ({ex.Message}); upload the files again, or look at the server's log.");
        }
        finally
        {
            served.WriteGate.Release();
        }
    }

    /// <summary>
    /// A file uploaded again replaces the document: the earlier upload's copy is removed first, since ingest refuses an
    /// id whose previous source file still exists elsewhere (two different files claiming one id).
    /// </summary>
    private static void ReleaseReplacedUploads(KnowledgeBase kb, IngestJob job, string folder)
    {
        var uploads = Path.Combine(kb.Directory, IngestJobQueue.UploadsFolder) + Path.DirectorySeparatorChar;
        foreach (var name in job.Files)
        {
            if (kb.Documents.Get(name) is not { } old) continue;
            var source = Path.GetFullPath(old.Source);
            bool earlierUpload = source.StartsWith(uploads, StringComparison.Ordinal) && !source.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal);
            if (earlierUpload && !source.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase)) File.Delete(source);
        }
    }

    public override void Dispose()
    {
        _hardStop.Dispose();
        _wake.Dispose();
        base.Dispose();
    }
}
