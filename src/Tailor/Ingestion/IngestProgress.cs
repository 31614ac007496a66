namespace Tailor.Ingestion;

/// <summary>A progress report: sent after each committed batch and when files fail.</summary>
/// <param name="FilesTotal">Files found to ingest.</param>
/// <param name="FilesDone">Files fully processed (committed, skipped or failed).</param>
/// <param name="DocumentsCommitted">Documents written so far in this run.</param>
/// <param name="Failed">Failures so far.</param>
/// <param name="Bytes">Bytes read so far.</param>
/// <param name="Committed">Ids of the documents the latest transaction made durable.</param>
/// <param name="Failure">The failure this report is about, if any.</param>
public sealed record IngestProgress(
    int FilesTotal,
    int FilesDone,
    int DocumentsCommitted,
    int Failed,
    long Bytes,
    IReadOnlyList<string> Committed,
    IngestFailure? Failure = null);
