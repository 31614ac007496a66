namespace Tailor.FineTuning.Jobs;

/// <summary>One event of a fine-tuning job (progress, metrics, errors).</summary>
public sealed record FineTuningJobEvent(string Id, DateTimeOffset CreatedAt, string Level, string Message);
