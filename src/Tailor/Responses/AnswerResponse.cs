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
    /// <summary>The read-only SQL query an answer over a table was computed by (left out for answers from text).</summary>
    public string? Sql { get; init; }

    /// <summary>The columns of the query's result (left out for answers from text).</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>The query's result rows, cells as text, null for SQL NULL (left out for answers from text).</summary>
    public IReadOnlyList<IReadOnlyList<string?>>? Rows { get; init; }

    /// <summary>True when the result had more rows than the row limit and was cut (left out for answers from text).</summary>
    public bool? RowsTruncated { get; init; }

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
        answer.Fallback)
    {
        Sql = answer.Sql,
        Columns = answer.Table?.Columns,
        Rows = answer.Table?.Rows,
        RowsTruncated = answer.Table?.Truncated,
    };
}
