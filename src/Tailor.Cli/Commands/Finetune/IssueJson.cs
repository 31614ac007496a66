using Tailor.FineTuning.Datasets;

namespace Tailor.Cli.Commands.Finetune;

/// <summary>One error or warning in <c>--json</c> output.</summary>
internal sealed record IssueJson(int Line, string Code, string Message)
{
    public static IReadOnlyList<IssueJson> Of(IEnumerable<DatasetIssue> issues) => issues.Select(i => new IssueJson(i.Line, i.Code, i.Message)).ToList();

    public static string Describe(DatasetIssue issue, string kind) =>
        issue.Line == 0 ? $"{kind} {issue.Code}: {issue.Message}" : $"line {issue.Line}: {kind} {issue.Code}: {issue.Message}";
}
