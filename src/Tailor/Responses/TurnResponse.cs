using System.Text.Json.Serialization;
using Tailor.Sessions;

namespace Tailor.Responses;

/// <summary>
/// One chat turn as every host returns it (`tailor chat --json`, the server's session turns): the answer's fields plus the
/// session's. As in <see cref="AnswerResponse"/>, <c>reason</c>, <c>usage</c>, <c>cost_usd</c> and <c>fallback</c> are always
/// present, null when not applicable.
/// </summary>
public sealed record TurnResponse(
    string Session,
    string Question,
    string SearchQuery,
    string Answer,
    bool Found,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Reason,
    IReadOnlyList<CitationResponse> Citations,
    IReadOnlyList<string> Uncited,
    IReadOnlyList<int> InvalidCitations,
    string Model,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] UsageResponse? Usage,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] decimal? CostUsd,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Fallback,
    int HistoryMessages,
    IReadOnlyList<string> Examples)
{
    public static TurnResponse From(string session, ChatTurn turn)
    {
        var a = AnswerResponse.From(turn.Answer);
        return new TurnResponse(session, turn.Question, turn.SearchQuery, a.Answer, a.Found, a.Reason, a.Citations, a.Uncited, a.InvalidCitations,
            a.Model, a.Usage, a.CostUsd, a.Fallback, turn.HistoryMessages, turn.Examples.Select(e => e.Example.Id).ToList());
    }
}
