namespace Tailor.FineTuning.Datasets;

/// <summary>
/// A JSONL dataset as read: its format (detected or given), the examples that parsed, and the
/// structural errors and warnings found on the way, each with its line number.
/// </summary>
public sealed record DatasetFile(
    string Path,
    DatasetFormat Format,
    bool FormatDetected,
    int Lines,
    IReadOnlyList<TrainingExample> Examples,
    IReadOnlyList<DatasetIssue> Errors,
    IReadOnlyList<DatasetIssue> Warnings)
{
    /// <summary>Throws a <see cref="TailorException"/> naming the first errors when there are any.</summary>
    public void ThrowIfErrors(string action)
    {
        if (Errors.Count == 0) return;
        var first = string.Join("; ", Errors.Take(3).Select(e => $"line {e.Line}: {e.Code}: {e.Message}"));
        throw new TailorException($"{Path} has {Errors.Count} error(s), so it cannot be {action} ({first}{(Errors.Count > 3 ? "; ..." : "")}). Run 'tailor finetune validate {Path}' for the full list and fix them first.");
    }
}
