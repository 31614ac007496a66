namespace Tailor.FineTuning.Jobs;

/// <summary>A submitted job and the files uploaded for it; <see cref="Converted"/> when the data was rewritten in chat format before upload.</summary>
public sealed record JobSubmission(FineTuningJobInfo Job, string TrainingFileId, string? ValidationFileId, int TrainingExamples, int? ValidationExamples, bool Converted);
