using System.Text.Json.Serialization;
using Tailor.Answering;

namespace Tailor.Cli;

/// <summary>An answer as `tailor ask --json` (and quickstart, chat) writes it; <c>reason</c> is always present (null when found).</summary>
internal sealed record AnswerJson(
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
    public static AnswerJson From(Answer answer, string? fallback = null) => new(
        answer.Text,
        answer.Found,
        answer.Found ? null : answer.Reason,
        CitationJson.Group(answer.Citations),
        answer.Uncited,
        answer.InvalidCitations,
        answer.Model,
        answer.Usage is { } u ? new UsageJson(u.InputTokens, u.OutputTokens, u.Estimated) : null,
        answer.CostUsd,
        fallback);
}
