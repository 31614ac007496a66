using Tailor.Ingestion;
using Tailor.Server.Operations;

namespace Tailor.Server.Hosting;

/// <summary>
/// Runs the durable ingest queues of every served knowledge base, one job at a time, as this server's only writer. A job
/// is claimed from the store under a lease renewed every <see cref="ServerOptions.JobHeartbeat"/>: on a database several
/// servers share, each job is run by one of them, and one whose server died (it stopped renewing) is taken over by
/// another, or by the same server restarted, once <see cref="ServerOptions.JobLease"/> has passed. On shutdown the
/// running job is finished (within the shutdown timeout) and no new one is started; one cut off is given back to the
/// queue for the next server (or start) to run. A job this server cannot run for a reason of its own (another process
/// holds the writer lock; a disk or permission error writing or ingesting its files) is given back too, and this
/// knowledge base is not claimed from for <see cref="BackOff"/>; a disk or permission error fails the job only on its
/// <see cref="IngestJobQueue.MaxAttempts"/>th attempt.
/// </summary>
public sealed class IngestWorker : BackgroundService
{
    private readonly KnowledgeBaseRegistry _registry;
    private readonly ServerMetrics _metrics;
    private readonly ILogger<IngestWorker> _log;
    private readonly TimeSpan _lease;
    private readonly TimeSpan _heartbeat;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _hardStop = new();
    // knowledge bases whose last job was given back (writer busy elsewhere, a local disk failure): not claimed from until then
    private readonly Dictionary<string, DateTime> _backOffUntil = new(StringComparer.Ordinal);

    /// <summary>How long the worker waits before claiming again from a knowledge base whose job it gave back.</summary>
    public static readonly TimeSpan BackOff = TimeSpan.FromSeconds(3);

    public IngestWorker(KnowledgeBaseRegistry registry, ServerMetrics metrics, ServerOptions options, ILogger<IngestWorker> log)
    {
        _registry = registry;
        _metrics = metrics;
        _log = log;
        _lease = options.JobLease;
        _heartbeat = options.JobHeartbeat;
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
                if (_backOffUntil.TryGetValue(served.Name, out var until))
                {
                    if (DateTime.UtcNow < until) continue;
                    _backOffUntil.Remove(served.Name);
                }
                try
                {
                    while (!stoppingToken.IsCancellationRequested && await RunNextAsync(served)) ranAny = true;
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
            if (stoppingToken.IsCancellationRequested) return;
            if (ranAny) continue;
            try
            {
                // woken by an upload here; jobs queued by other servers, or whose runner died, are seen at the next poll
                await _wake.WaitAsync(TimeSpan.FromSeconds(Math.Min(5, _heartbeat.TotalSeconds)), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // the running job may finish until the host's shutdown timeout; then it is cut off, and given back to the queue
        // before the knowledge bases close (a few seconds at most: a job not given back is taken once its lease ran out)
        using var cut = cancellationToken.Register(_hardStop.Cancel);
        await base.StopAsync(cancellationToken);
        if (ExecuteTask is { IsCompleted: false } running) await Task.WhenAny(running, Task.Delay(TimeSpan.FromSeconds(5)));
    }

    /// <summary>
    /// Claims and runs the next free job of <paramref name="served"/>; false when none was free, or when the job was given
    /// back (see <see cref="GiveBack"/>).
    /// </summary>
    private async Task<bool> RunNextAsync(ServedKnowledgeBase served)
    {
        await served.WriteGate.WaitAsync();
        IngestJob? job = null;
        try
        {
            if (served.Deleting) return false;
            var kb = served.Open;
            job = kb.Jobs.Claim(_lease, out var localFailure);
            if (localFailure is not null)
            {
                _log.LogWarning(localFailure, "{Kb}: a job's files could not be written here; it is given back, or failed after {Attempts} attempts", served.Name, IngestJobQueue.MaxAttempts);
                GiveBack(served);
            }
            if (job is null) return false;
            await RunAsync(served, kb, job);
            return true;
        }
        catch (TailorException ex) when (job is not null && ex.Kind == TailorErrorKind.Busy)
        {
            // another process (a server sharing the store, a command) holds the writer lock: not this job's fault
            bool given = served.Open.Jobs.Release(job.Id);
            _log.LogWarning(ex, "{Kb}: job {Job} waited for the writer lock in vain; {Next}", served.Name, job.Id,
                given ? $"it is queued again, claims pause {BackOff.TotalSeconds:0} s" : "another runner had taken it");
            GiveBack(served);
            return false;
        }
        catch (TailorException ex) when (job is not null)
        {
            _log.LogWarning(ex, "{Kb}: job {Job} failed", served.Name, job.Id);
            Finished(served, job, served.Open.Jobs.Fail(job.Id, ex.Message));
            return true;
        }
        catch (Exception ex) when (job is not null && ex is IOException or UnauthorizedAccessException)
        {
            // this machine's disk or permissions, not the job: another server (or this one, later) may run it
            _log.LogError(ex, "{Kb}: job {Job} failed here (attempt {Attempt} of {Max})", served.Name, job.Id, job.Attempts, IngestJobQueue.MaxAttempts);
            if (!served.Open.Jobs.GiveBackOrFail(job, $"the ingest failed ({ex.Message})")) return true;
            GiveBack(served);
            return false;
        }
        catch (Exception ex) when (job is not null && ex is Microsoft.Data.Sqlite.SqliteException)
        {
            _log.LogError(ex, "{Kb}: job {Job} failed", served.Name, job.Id);
            Finished(served, job, served.Open.Jobs.Fail(job.Id, $"the ingest failed ({ex.Message}); upload the files again, or look at the server's log."));
            return true;
        }
        finally
        {
            served.WriteGate.Release();
        }
    }

    /// <summary>A job of <paramref name="served"/> was given back: claim from it again only after <see cref="BackOff"/>.</summary>
    private void GiveBack(ServedKnowledgeBase served) => _backOffUntil[served.Name] = DateTime.UtcNow + BackOff;

    private async Task RunAsync(ServedKnowledgeBase served, KnowledgeBase kb, IngestJob job)
    {
        using var activity = ServerMetrics.Activities.StartActivity("ingest job");
        activity?.SetTag("tailor.kb", served.Name);
        activity?.SetTag("tailor.job", job.Id);
        var folder = Path.Combine(kb.Directory, job.Folder);
        if (!Directory.Exists(folder))
        {
            Finished(served, job, kb.Jobs.Fail(job.Id, $"the job's upload folder {job.Folder} is gone; upload the files again."));
            return;
        }
        using var lost = new CancellationTokenSource();
        using var stopBeating = new CancellationTokenSource();
        using var cut = CancellationTokenSource.CreateLinkedTokenSource(_hardStop.Token, lost.Token);
        var heartbeat = HeartbeatAsync(served, kb, job.Id, lost, stopBeating.Token);
        try
        {
            ReleaseReplacedUploads(kb, job, folder);
            var result = await kb.IngestAsync([folder], new IngestOptions { Tags = job.Tags, Replace = true }, ct: cut.Token);
            await StopBeatingAsync(stopBeating, heartbeat);
            if (!Finished(served, job, kb.Jobs.Complete(job, result))) return;
            _metrics.Ingested(served.Name, result.Added + result.Updated, result.Failed);
            _log.LogInformation("{Kb}: job {Job} done: {Added} added, {Updated} updated, {Unchanged} unchanged, {Failed} failed",
                served.Name, job.Id, result.Added, result.Updated, result.Unchanged, result.Failed);
        }
        catch (OperationCanceledException) when (lost.IsCancellationRequested)
        {
            _log.LogWarning("{Kb}: job {Job} was stopped: its lease ran out and another runner took it", served.Name, job.Id);
        }
        catch (OperationCanceledException) when (_hardStop.IsCancellationRequested)
        {
            await StopBeatingAsync(stopBeating, heartbeat);
            bool given = kb.Jobs.Release(job.Id);
            _log.LogWarning("{Kb}: job {Job} was cut off by shutdown; {Next}", served.Name, job.Id,
                given ? "it is queued again for the next server or start" : "another runner had taken it");
        }
        finally
        {
            await StopBeatingAsync(stopBeating, heartbeat);
        }
    }

    /// <summary>Renews the job's lease every heartbeat until stopped; cancels <paramref name="lost"/> when the job is no longer this runner's.</summary>
    private async Task HeartbeatAsync(ServedKnowledgeBase served, KnowledgeBase kb, string id, CancellationTokenSource lost, CancellationToken stop)
    {
        while (true)
        {
            try
            {
                await Task.Delay(_heartbeat, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try
            {
                if (!kb.Jobs.Renew(id, _lease))
                {
                    lost.Cancel();
                    return;
                }
            }
            catch (Exception ex) when (ex is TailorException or Microsoft.Data.Sqlite.SqliteException or IOException)
            {
                // the store is unreachable now: try again at the next beat (the lease covers a few missed ones)
                _log.LogWarning(ex, "{Kb}: the lease of job {Job} could not be renewed", served.Name, id);
            }
        }
    }

    private static async Task StopBeatingAsync(CancellationTokenSource stopBeating, Task heartbeat)
    {
        if (!stopBeating.IsCancellationRequested) stopBeating.Cancel();
        await heartbeat;
    }

    /// <summary>Logs a finish that came too late (the lease had run out and another runner took the job); returns whether it was recorded.</summary>
    private bool Finished(ServedKnowledgeBase served, IngestJob job, bool recorded)
    {
        if (!recorded) _log.LogWarning("{Kb}: job {Job} finished here after its lease ran out; the result of the runner that took it over stands", served.Name, job.Id);
        return recorded;
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
