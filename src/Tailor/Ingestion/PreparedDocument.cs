using Tailor.Chunking;
using Tailor.Storage;

namespace Tailor.Ingestion;

/// <summary>A document extracted, chunked and analyzed, waiting for the writer.</summary>
/// <param name="Terms">Analyzed lexical terms per chunk, aligned with <c>Chunks</c>.</param>
internal sealed record PreparedDocument(StoredDocument Document, IReadOnlyList<ChunkDraft> Chunks, IReadOnlyList<List<string>> Terms, bool Existed)
{
    /// <summary>Sensitive data found in the document, per kind (masked when the kind is redacted).</summary>
    public IReadOnlyList<SensitiveFinding> Sensitive { get; init; } = [];

    /// <summary>Set for a CSV/TSV document without a header row.</summary>
    public HeaderlessTable? Headerless { get; init; }
}

/// <summary>The outcome of preparing one file.</summary>
/// <param name="SeenIds">The ids the file holds; when it could not be read or extracted (<see cref="KeptOnFailure"/>), the ids ingested from it before.</param>
internal sealed record PreparedFile(SourceFile File, List<PreparedDocument> Documents, List<IngestFailure> Failures, List<string> SeenIds, int Unchanged, long Bytes)
{
    /// <summary>True when the file failed and <see cref="SeenIds"/> are the earlier ids kept for <c>--sync</c>.</summary>
    public bool KeptOnFailure { get; init; }

    /// <summary>True when the file (or JSONL part) is empty or blank: it holds no document and is counted as skipped.</summary>
    public bool Empty { get; init; }
}
