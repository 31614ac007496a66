namespace Tailor.FineTuning.Jobs;

/// <summary>Why a fine-tuning job failed, as the server says it.</summary>
public sealed record FineTuningJobError(string? Code, string Message, string? Param);
