using System.Text.Json.Serialization;
using Tailor.Sessions;

namespace Tailor.Cli;

/// <summary>One chat turn in JSON (`tailor chat --json`, `tailor ask --session --json`): the answer's fields plus the session's.</summary>
internal sealed record TurnJson(
    string Session,
    string Question,
    string SearchQuery,
    string Answer,
    bool Found,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Reason,
    IReadOnlyList<CitationJson> Citations,
    IReadOnlyList<string> Uncited,
    IReadOnlyList<int> InvalidCitations,
    string Model,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] UsageJson? Usage,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] decimal? CostUsd,
    int HistoryMessages,
    IReadOnlyList<string> Examples)
{
    public static TurnJson From(string session, ChatTurn turn)
    {
        var a = AnswerJson.From(turn.Answer);
        return new TurnJson(session, turn.Question, turn.SearchQuery, a.Answer, a.Found, a.Reason, a.Citations, a.Uncited, a.InvalidCitations,
            a.Model, a.Usage, a.CostUsd, turn.HistoryMessages, turn.Examples.Select(e => e.Example.Id).ToList());
    }
}
