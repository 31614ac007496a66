namespace Tailor.Retrieval;

/// <summary>One search result: a chunk, its document and source, and its score (higher is better).</summary>
public sealed record Hit(
    string DocumentId,
    long ChunkId,
    string Source,
    string Section,
    double Score,
    string Text,
    string Link,
    string Title)
{
    /// <summary>Lexical and vector ranks behind this hit (set for every search; shown by `tailor search --explain`).</summary>
    public HitExplanation? Explanation { get; init; }
}
