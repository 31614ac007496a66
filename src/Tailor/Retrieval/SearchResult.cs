namespace Tailor.Retrieval;

/// <summary>The hits of one search, best first.</summary>
public sealed record SearchResult(IReadOnlyList<Hit> Hits)
{
    /// <summary>Set when the search could not run as asked (e.g. hybrid without embeddings ran lexical only); null otherwise.</summary>
    public DegradedSearch? Degraded { get; init; }
}
