using Tailor.Retrieval;

namespace Tailor.Server.Api.Contracts;

/// <summary>The retrieval fields search, ask and session turns share, as <c>tailor search</c> has them: k, mode, filters, MMR.</summary>
public abstract record RetrievalRequest
{
    /// <summary>Hits to return (search) or read the answer from (ask).</summary>
    public int? K { get; init; }

    /// <summary>lexical, vector or hybrid (default: the knowledge base's setting).</summary>
    public string? Mode { get; init; }

    /// <summary>Only documents with all these tags.</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>
    /// Only documents whose document_id or source, as hits show them, starts with this (<c>guides/</c>): an uploaded file
    /// by the name it was uploaded with, never by its path on the server.
    /// </summary>
    public string? Source { get; init; }

    /// <summary>Only documents dated on or after this (yyyy-MM-dd or ISO 8601).</summary>
    public string? After { get; init; }

    /// <summary>Only documents dated before this.</summary>
    public string? Before { get; init; }

    /// <summary>Table column conditions ("region=EMEA", "status!=closed"), all of which one row of a hit must satisfy.</summary>
    public IReadOnlyList<string>? Where { get; init; }

    /// <summary>Diversify by maximal marginal relevance with this lambda (0 to 1).</summary>
    public double? Mmr { get; init; }

    public SearchMode? ParsedMode() => Mode switch
    {
        null or "" => null,
        _ when Enum.TryParse<SearchMode>(Mode, ignoreCase: true, out var m) && !int.TryParse(Mode, out _) => m,
        _ => throw ServerException.BadRequest($"field \"mode\" is \"{Mode}\"; use lexical, vector or hybrid."),
    };

    public SearchFilter? Filter()
    {
        var filter = new SearchFilter
        {
            Tags = Tags ?? [],
            SourcePrefix = string.IsNullOrEmpty(Source) ? null : Source,
            After = After is { } a ? Date(a, "after") : null,
            Before = Before is { } b ? Date(b, "before") : null,
            Where = (Where ?? []).Select(Condition).ToList(),
        };
        return filter.IsEmpty ? null : filter;
    }

    private static ColumnCondition Condition(string text)
    {
        try { return ColumnCondition.Parse(text ?? "", "field \"where\" item"); }
        catch (TailorException ex) { throw ServerException.BadRequest(ex.Message); }
    }

    private static DateTime Date(string text, string field)
    {
        try { return SearchFilter.ParseDate(text, field); }
        catch (TailorException) { throw ServerException.BadRequest($"field \"{field}\" is \"{text}\", not a date; use yyyy-MM-dd or an ISO 8601 date-time such as 2024-05-01T12:00:00Z."); }
    }
}
