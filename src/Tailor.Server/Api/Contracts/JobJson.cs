using Tailor.Ingestion;

namespace Tailor.Server.Api.Contracts;

/// <summary>An ingest job: queued, running, done or failed; per-file failures with reasons.</summary>
public sealed record JobJson(string JobId, string Status, IReadOnlyList<string> Files, IReadOnlyList<string> Tags, DateTimeOffset Created, DateTimeOffset? Started,
    DateTimeOffset? Finished, IngestJobCounts? Counts, IReadOnlyList<FailureJson> Failures, string? Error, int Attempts, string Location)
{
    public static JobJson From(string kb, IngestJob j) => new(j.Id, j.Status.ToString().ToLowerInvariant(), j.Files, j.Tags, j.Created, j.Started, j.Finished, j.Counts,
        j.Failures.Select(f => new FailureJson(f.Source, f.Error)).ToList(), j.Error, j.Attempts, $"/api/kbs/{kb}/jobs/{j.Id}");
}
