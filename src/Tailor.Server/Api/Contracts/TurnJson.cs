using Tailor.Responses;
using Tailor.Sessions;

namespace Tailor.Server.Api.Contracts;

/// <summary>One session turn: the answer's fields (the library's <see cref="AnswerResponse"/>) plus the session's; <c>reason</c>, <c>usage</c> and <c>cost_usd</c> are left out when null.</summary>
public sealed record TurnJson(string Session, string Question, string SearchQuery, string Answer, bool Found, IReadOnlyList<CitationResponse> Citations,
    IReadOnlyList<string> Uncited, IReadOnlyList<int> InvalidCitations, string Model, UsageResponse? Usage, decimal? CostUsd, string? Reason, int HistoryMessages, IReadOnlyList<string> Examples)
{
    public static TurnJson From(string session, ChatTurn t)
    {
        var a = AnswerResponse.From(t.Answer);
        return new(session, t.Question, t.SearchQuery, a.Answer, a.Found, a.Citations, a.Uncited, a.InvalidCitations, a.Model, a.Usage, a.CostUsd, a.Reason,
            t.HistoryMessages, t.Examples.Select(e => e.Example.Id).ToList());
    }
}
