using System.Text.Json.Serialization;
using Tailor.Answering;

namespace Tailor.Server.Api.Contracts;

/// <summary>An answer, as <c>tailor ask --json</c> writes it (<c>reason</c>, <c>usage</c>, <c>cost_usd</c> and <c>fallback</c> always present).</summary>
public sealed record AnswerJson(
    string Answer,
    bool Found,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Reason,
    IReadOnlyList<CitationJson> Citations,
    IReadOnlyList<string> Uncited,
    IReadOnlyList<int> InvalidCitations,
    string Model,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] UsageJson? Usage,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] decimal? CostUsd,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Fallback)
{
    public static AnswerJson From(Answer a) => new(a.Text, a.Found, a.Found ? null : a.Reason, CitationJson.Group(a.Citations), a.Uncited, a.InvalidCitations, a.Model,
        a.Usage is { } u ? new UsageJson(u.InputTokens, u.OutputTokens, u.Estimated) : null, a.CostUsd, null);
}
