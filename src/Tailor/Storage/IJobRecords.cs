namespace Tailor.Storage;

/// <summary>
/// The durable ingest queue's rows (<c>ingest_jobs</c>), in the store beside the documents, so a job accepted by one
/// process survives it and every process sharing the store sees it. A job is run by whoever claims it: the claim is a
/// lease the runner renews while it runs; a job whose runner stopped renewing is claimed again by another.
/// </summary>
public interface IJobRecords
{
    /// <summary>
    /// Records a new job (queued) and its <paramref name="files"/> in one transaction, committed when this returns; its
    /// order in the queue is the order of adding. Files are kept where servers with their own disks share the store
    /// (PostgreSQL); a store of one folder (SQLite) keeps none, the files being in that folder.
    /// </summary>
    void AddJob(StoredJob job, IReadOnlyList<JobFile> files);

    /// <summary>The job, or null when no job has this id.</summary>
    StoredJob? GetJob(string id);

    /// <summary>Pending jobs (queued or running) oldest first, or all jobs newest first.</summary>
    List<StoredJob> ListJobs(bool pendingOnly, int limit);

    /// <summary>
    /// Atomically takes the oldest job that is queued, or running with its lease expired (its runner stopped renewing),
    /// for <paramref name="runner"/> until <paramref name="lease"/> from now (the store's clock): marked running, started
    /// now, the attempt counted. Null when no job is free. Two runners never hold one job at once.
    /// </summary>
    JobClaim? ClaimJob(string runner, TimeSpan lease);

    /// <summary>Extends the lease of a job <paramref name="runner"/> holds to <paramref name="lease"/> from now; false when it holds it no more.</summary>
    bool RenewJob(string id, string runner, TimeSpan lease);

    /// <summary>
    /// Writes the outcome of a job <paramref name="runner"/> holds: done or failed (its files are dropped, its row kept), or
    /// queued again (given back, for any runner to take at once). False, changing nothing, when the runner holds it no
    /// more (its lease expired and another took it, or it is finished): a job is finished exactly once.
    /// </summary>
    bool FinishJob(StoredJob job, string runner);

    /// <summary>Jobs queued or running.</summary>
    int CountPendingJobs();
}
