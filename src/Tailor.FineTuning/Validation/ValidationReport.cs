using Tailor.FineTuning.Datasets;

namespace Tailor.FineTuning.Validation;

/// <summary>The outcome of validating a dataset: its examples, and the errors and warnings by line.</summary>
public sealed record ValidationReport(
    DatasetFile Dataset,
    string Model,
    int TokenLimit,
    IReadOnlyList<int> TokenCounts,
    IReadOnlyList<DatasetIssue> Errors,
    IReadOnlyList<DatasetIssue> Warnings)
{
    /// <summary>Examples that parsed (lines that are one valid example each).</summary>
    public int Examples => Dataset.Examples.Count;

    public bool IsValid => Errors.Count == 0;
}
