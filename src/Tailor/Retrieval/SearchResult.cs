namespace Tailor.Retrieval;

/// <summary>The hits of one search, best first.</summary>
public sealed record SearchResult(IReadOnlyList<Hit> Hits);
