namespace Tailor.Evaluation.Runs;

/// <summary>The outcome of evaluating one dataset: its size and one entry per mode.</summary>
/// <param name="Dataset">The dataset's name (its folder name).</param>
/// <param name="Documents">Documents in the corpus.</param>
/// <param name="Queries">Queries evaluated (those with at least one relevant judgment).</param>
/// <param name="Results">One entry per requested mode, in the order requested.</param>
public sealed record EvaluationReport(string Dataset, int Documents, int Queries, IReadOnlyList<ModeEvaluation> Results);
