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

    /// <summary>Position of the chunk in its document (0 = the first, which holds the page's title and opening lines); -1 when unknown.</summary>
    public int Ordinal { get; init; } = -1;
}
