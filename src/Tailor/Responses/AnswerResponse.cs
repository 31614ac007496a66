using System.Text.Json.Serialization;
using Tailor.Answering;

namespace Tailor.Responses;

/// <summary>An answer as hosts return it (`tailor ask --json`, the server): one citation per source; <c>reason</c>, <c>usage</c>, <c>cost_usd</c> and <c>fallback</c> always present (null when not applicable).</summary>
public sealed record AnswerResponse(
    string Answer,
    bool Found,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Reason,
    IReadOnlyList<CitationResponse> Citations,
    IReadOnlyList<string> Uncited,
    IReadOnlyList<int> InvalidCitations,
    string Model,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] UsageResponse? Usage,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] decimal? CostUsd,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Fallback)
{
    public static AnswerResponse From(Answer answer) => new(
        answer.Text,
        answer.Found,
        answer.Found ? null : answer.Reason,
        CitationResponse.Group(answer.Citations),
        answer.Uncited,
        answer.InvalidCitations,
        answer.Model,
        answer.Usage is { } u ? new UsageResponse(u.InputTokens, u.OutputTokens, u.Estimated) : null,
        answer.CostUsd,
        answer.Fallback);
}
