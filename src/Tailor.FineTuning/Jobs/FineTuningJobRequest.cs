namespace Tailor.FineTuning.Jobs;

/// <summary>What to fine-tune: the base model, the uploaded files, an optional suffix for the new model's name, epochs (null: the server's rule) and seed.</summary>
public sealed record FineTuningJobRequest(string Model, string TrainingFileId)
{
    public string? ValidationFileId { get; init; }

    public string? Suffix { get; init; }

    public int? Epochs { get; init; }

    public int? Seed { get; init; }
}
