namespace Tailor.FineTuning.Datasets;

/// <summary>A problem found in a dataset: the 1-based line (0 for the file as a whole), a stable code from <see cref="IssueCodes"/>, and a message.</summary>
public sealed record DatasetIssue(int Line, string Code, string Message);
