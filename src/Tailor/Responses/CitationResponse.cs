using Tailor.Answering;

namespace Tailor.Responses;

/// <summary>One cited source in JSON: its number, document and link, and every passage quoted from it.</summary>
public sealed record CitationResponse(int N, string DocumentId, string Source, string Link, IReadOnlyList<string> Quotes)
{
    /// <summary>One entry per source number, in order, with its quotes in the order they appear.</summary>
    public static IReadOnlyList<CitationResponse> Group(IEnumerable<Citation> citations) =>
        citations.GroupBy(c => c.N).OrderBy(g => g.Key)
            .Select(g => new CitationResponse(g.Key, g.First().DocumentId, g.First().Source, g.First().Link, g.Select(c => c.Quote).Distinct(StringComparer.Ordinal).ToList()))
            .ToList();
}
