namespace Tailor.FineTuning.ModelEvaluation;

/// <summary>
/// An evaluation of models and variants on a test set: one <see cref="VariantResult"/> per model and
/// variant, every item's outcome, the test lines that also appear among the few-shot examples
/// (leakage), and the recommendation.
/// </summary>
public sealed record ModelEvalReport
{
    public required string TestFile { get; init; }

    public int Examples { get; init; }

    /// <summary>The score variants are compared by: "accuracy" (labels), "judge_score" (with a judge) or "token_f1".</summary>
    public required string Metric { get; init; }

    /// <summary>The label set when the references form one; else null.</summary>
    public IReadOnlyList<string>? Labels { get; init; }

    public bool JsonReferences { get; init; }

    public string? Judge { get; init; }

    public required IReadOnlyList<VariantResult> Results { get; init; }

    public required IReadOnlyList<ItemOutcome> Items { get; init; }

    /// <summary>Test lines whose question (or whole example) is also in the few-shot examples file.</summary>
    public IReadOnlyList<LeakedItem> Leaks { get; init; } = [];

    public required Recommendation Recommendation { get; init; }
}
