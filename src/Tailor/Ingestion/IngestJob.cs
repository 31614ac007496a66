namespace Tailor.Ingestion;

/// <summary>
/// One accepted ingest request: the folder its files were saved to (relative to the knowledge base), the
/// file names, the tags given with it, and once it ran, what the ingest did and which files failed and why.
/// </summary>
public sealed record IngestJob
{
    public required string Id { get; init; }

    public required IngestJobStatus Status { get; init; }

    /// <summary>The folder holding the job's files, relative to the knowledge base folder ('/' separated).</summary>
    public required string Folder { get; init; }

    /// <summary>The files' names relative to <see cref="Folder"/> (for a text upload, the JSONL file holding it).</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    public IReadOnlyList<string> Tags { get; init; } = [];

    public DateTimeOffset Created { get; init; }

    public DateTimeOffset? Started { get; init; }

    public DateTimeOffset? Finished { get; init; }

    /// <summary>Counts of the finished ingest (null until done).</summary>
    public IngestJobCounts? Counts { get; init; }

    /// <summary>Inputs that failed, named relative to <see cref="Folder"/>, with the reason.</summary>
    public IReadOnlyList<IngestFailure> Failures { get; init; } = [];

    /// <summary>Why the whole job failed (null unless <see cref="IngestJobStatus.Failed"/>).</summary>
    public string? Error { get; init; }

    /// <summary>How many times a worker has started it (more than one after a restart).</summary>
    public int Attempts { get; init; }
}
