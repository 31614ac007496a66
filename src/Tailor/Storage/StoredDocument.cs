namespace Tailor.Storage;

/// <summary>A document row: identity, where it came from, and the hash that decides re-ingestion.</summary>
/// <param name="Id">Stable id: path relative to the ingest root, or the record id.</param>
/// <param name="Source">Full path (or URL) of the file the document came from.</param>
/// <param name="Root">The ingest root the id is relative to (used by --sync).</param>
/// <param name="Title">Title from the document, may be empty.</param>
/// <param name="Format">Extractor format ("markdown", "html", "text", "jsonl").</param>
/// <param name="ContentHash">SHA-256 (hex) of the document's bytes (or its record).</param>
/// <param name="Bytes">Size of the document's content in bytes.</param>
/// <param name="ChunkCount">Number of chunks written for the document.</param>
/// <param name="IngestedAt">When this version was written (UTC, ISO 8601).</param>
public sealed record StoredDocument(
    string Id,
    string Source,
    string Root,
    string Title,
    string Format,
    string ContentHash,
    long Bytes,
    int ChunkCount,
    string IngestedAt)
{
    /// <summary>Tags (lower-case, distinct, sorted): front matter <c>tags:</c> plus <c>ingest --tag</c>.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The document's date (UTC): front matter <c>date:</c>, else the file's modification time; null when unknown.</summary>
    public DateTime? Date { get; init; }

    /// <summary>
    /// For CSV and TSV files: true when the first row is the header, false when the file has none (its columns
    /// are named "column 1", "column 2", ...); null for other formats.
    /// </summary>
    public bool? HeaderRow { get; init; }
}
