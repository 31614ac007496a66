using Tailor.Answering;

namespace Tailor.Server.Api.Contracts;

/// <summary>One cited source, as <c>tailor ask --json</c> writes it: its number, document and link, and every passage quoted from it.</summary>
public sealed record CitationJson(int N, string DocumentId, string Source, string Link, IReadOnlyList<string> Quotes)
{
    /// <summary>One entry per source number, in order, with its quotes in the order they appear.</summary>
    public static IReadOnlyList<CitationJson> Group(IEnumerable<Citation> citations) =>
        citations.GroupBy(c => c.N).OrderBy(g => g.Key)
            .Select(g => new CitationJson(g.Key, g.First().DocumentId, g.First().Source, g.First().Link, g.Select(c => c.Quote).Distinct(StringComparer.Ordinal).ToList()))
            .ToList();
}
