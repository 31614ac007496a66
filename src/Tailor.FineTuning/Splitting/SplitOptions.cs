namespace Tailor.FineTuning.Splitting;

/// <summary>
/// How to split a dataset: the shares of validation and test (the rest trains), the seed that makes
/// the split repeatable, and an optional field to stratify by ("assistant" for the last assistant
/// message, else a top-level key of the example object, dotted for nested keys: "metadata.label").
/// </summary>
public sealed record SplitOptions
{
    public double Validation { get; init; } = 0.1;

    public double Test { get; init; } = 0.1;

    public int Seed { get; init; } = 42;

    public string? StratifyBy { get; init; }

    public void Validate()
    {
        if (Validation is < 0 or >= 1 || double.IsNaN(Validation)) throw new TailorException($"--validation {Validation} must be a share from 0 up to (not including) 1, e.g. 0.1.");
        if (Test is < 0 or >= 1 || double.IsNaN(Test)) throw new TailorException($"--test {Test} must be a share from 0 up to (not including) 1, e.g. 0.1.");
        if (Validation + Test >= 1) throw new TailorException($"--validation {Validation} and --test {Test} leave nothing to train on; keep their sum below 1.");
    }
}
