using System.Text.Json.Serialization;
using Tailor.Retrieval;

namespace Tailor.Responses;

/// <summary>A search as hosts return it (`tailor search --json`, the server): the hits, and <c>degraded</c> (always present, null when the search ran as asked).</summary>
public sealed record SearchResponse(IReadOnlyList<HitResponse> Hits, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] DegradedResponse? Degraded)
{
    /// <param name="result">The search.</param>
    /// <param name="explain">Include each hit's ranks and scores.</param>
    /// <param name="reranker">The reranker's name, when the search was reranked.</param>
    public static SearchResponse From(SearchResult result, bool explain, string? reranker) =>
        new(result.Hits.Select(h => HitResponse.From(h, explain, reranker)).ToList(), DegradedResponse.From(result.Degraded));
}
