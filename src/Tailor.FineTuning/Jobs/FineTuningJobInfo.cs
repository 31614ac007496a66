namespace Tailor.FineTuning.Jobs;

/// <summary>A fine-tuning job as the server reports it (OpenAI's <c>fine_tuning.job</c> object).</summary>
public sealed record FineTuningJobInfo(
    string Id,
    string Model,
    string Status,
    string? FineTunedModel,
    string? TrainingFile,
    string? ValidationFile,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? FinishedAt,
    long? TrainedTokens,
    string? Epochs,
    string? Suffix,
    FineTuningJobError? Error)
{
    /// <summary>True once the job can change no more: succeeded, failed or cancelled.</summary>
    public bool IsFinished => Status is "succeeded" or "failed" or "cancelled";
}
