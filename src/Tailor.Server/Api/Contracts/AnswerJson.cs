using Tailor.Answering;

namespace Tailor.Server.Api.Contracts;

/// <summary>An answer, as <c>tailor ask --json</c> writes it.</summary>
public sealed record AnswerJson(string Answer, bool Found, IReadOnlyList<CitationJson> Citations, IReadOnlyList<string> Uncited, IReadOnlyList<int> InvalidCitations,
    string Model, UsageJson? Usage, decimal? CostUsd, string? Reason)
{
    public static AnswerJson From(Answer a) => new(a.Text, a.Found, a.Citations.Select(CitationJson.From).ToList(), a.Uncited, a.InvalidCitations, a.Model,
        a.Usage is { } u ? new UsageJson(u.InputTokens, u.OutputTokens, u.Estimated) : null, a.CostUsd, a.Reason);
}
