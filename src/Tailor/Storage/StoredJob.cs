namespace Tailor.Storage;

/// <summary>
/// An ingest job's row: status (<c>queued</c>, <c>running</c>, <c>done</c>, <c>failed</c>), the folder holding its files
/// relative to the knowledge base, who added it (null: whoever opens the store), JSON of its files, tags, counts and
/// failures (read by the ingest queue), ISO 8601 times, how many times it was started, and who holds it while it runs
/// (<see cref="IJobRecords.ClaimJob"/>'s runner; null when it is not running).
/// </summary>
public sealed record StoredJob(
    string Id,
    string? Owner,
    string Status,
    string Folder,
    string Files,
    string Tags,
    string CreatedAt,
    string? StartedAt = null,
    string? FinishedAt = null,
    string? Counts = null,
    string? Failures = null,
    string? Error = null,
    int Attempts = 0,
    string? Runner = null);
