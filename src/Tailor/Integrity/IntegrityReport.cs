namespace Tailor.Integrity;

/// <summary>The result of <c>tailor check</c>: counts, and every problem found (empty when healthy).</summary>
public sealed record IntegrityReport(
    bool Ok,
    int FormatVersion,
    long Documents,
    long Chunks,
    long Generation,
    bool LexicalSnapshotCurrent,
    long Embedded,
    IReadOnlyList<string> Problems,
    IReadOnlyList<string> Repaired)
{
    /// <summary>Chunks that should have an embedding and have none (after an interrupted ingest); 0 when complete.</summary>
    public long MissingEmbeddings { get; init; }
}
