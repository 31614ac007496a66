namespace Tailor.Storage;

/// <summary>
/// The durable ingest queue's rows (<c>ingest_jobs</c>), in the store beside the documents, so a job accepted by one
/// process survives it and every process sharing the store sees it.
/// </summary>
public interface IJobRecords
{
    /// <summary>Records a new job (queued); committed when this returns. Its order in the queue is the order of adding.</summary>
    void AddJob(StoredJob job);

    /// <summary>The job, or null when no job has this id.</summary>
    StoredJob? GetJob(string id);

    /// <summary>
    /// Pending jobs (queued or running) oldest first, or all jobs newest first; with <paramref name="owner"/>, only the
    /// jobs that owner added (each process runs the jobs whose files are on its own disk).
    /// </summary>
    List<StoredJob> ListJobs(bool pendingOnly, int limit, string? owner = null);

    /// <summary>Replaces a job's state (status, times, counts, failures, error, attempts); false when no job has its id.</summary>
    bool UpdateJob(StoredJob job);

    /// <summary>Jobs queued or running.</summary>
    int CountPendingJobs();
}
