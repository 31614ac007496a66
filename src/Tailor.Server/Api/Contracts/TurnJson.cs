using Tailor.Sessions;

namespace Tailor.Server.Api.Contracts;

/// <summary>One session turn, as <c>tailor chat --json</c> writes it.</summary>
public sealed record TurnJson(string Session, string Question, string SearchQuery, string Answer, bool Found, IReadOnlyList<CitationJson> Citations,
    IReadOnlyList<string> Uncited, IReadOnlyList<int> InvalidCitations, string Model, UsageJson? Usage, decimal? CostUsd, string? Reason, int HistoryMessages, IReadOnlyList<string> Examples)
{
    public static TurnJson From(string session, ChatTurn t)
    {
        var a = AnswerJson.From(t.Answer);
        return new(session, t.Question, t.SearchQuery, a.Answer, a.Found, a.Citations, a.Uncited, a.InvalidCitations, a.Model, a.Usage, a.CostUsd, a.Reason,
            t.HistoryMessages, t.Examples.Select(e => e.Example.Id).ToList());
    }
}
