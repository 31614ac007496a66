namespace Tailor.Storage;

/// <summary>
/// A job taken by one runner (<see cref="IJobRecords.ClaimJob"/>): its row as now running, with the attempt counted, and
/// the files kept with it (none in a store of one folder, whose files are in that folder).
/// </summary>
public sealed record JobClaim(StoredJob Job, IReadOnlyList<JobFile> Files);
