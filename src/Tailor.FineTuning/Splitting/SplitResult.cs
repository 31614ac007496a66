using Tailor.FineTuning.Datasets;

namespace Tailor.FineTuning.Splitting;

/// <summary>
/// A split dataset: the three parts, how many duplicates were dropped before splitting (exact, then
/// normalized text), the strata used, and the leakage check (normalized examples found in two parts; 0 when sound).
/// </summary>
public sealed record SplitResult(
    IReadOnlyList<TrainingExample> Train,
    IReadOnlyList<TrainingExample> Validation,
    IReadOnlyList<TrainingExample> Test,
    int InputExamples,
    int ExactDuplicatesRemoved,
    int NormalizedDuplicatesRemoved,
    IReadOnlyDictionary<string, int[]>? Strata,
    int Leaks);
