namespace Tailor.FineTuning.Jobs;

/// <summary>
/// A checkpoint of a fine-tuning job (GET fine_tuning/jobs/{id}/checkpoints): the model id it can be
/// used as (<see cref="FineTunedModelCheckpoint"/>), the step it was saved at, and its metrics;
/// the full validation loss when the server computed it, else the last batch's.
/// </summary>
public sealed record FineTuningCheckpoint(
    string Id,
    string FineTunedModelCheckpoint,
    int StepNumber,
    DateTimeOffset? CreatedAt,
    double? TrainLoss,
    double? TrainMeanTokenAccuracy,
    double? ValidLoss,
    double? ValidMeanTokenAccuracy,
    double? FullValidLoss,
    double? FullValidMeanTokenAccuracy)
{
    /// <summary>The validation loss to choose by: the full validation loss when known, else the batch validation loss.</summary>
    public double? ValidationLoss => FullValidLoss ?? ValidLoss;

    /// <summary>The checkpoint with the lowest validation loss (ties: the later step), or null when none has one.</summary>
    public static FineTuningCheckpoint? Best(IEnumerable<FineTuningCheckpoint> checkpoints) =>
        checkpoints.Where(c => c.ValidationLoss is not null).OrderBy(c => c.ValidationLoss).ThenByDescending(c => c.StepNumber).FirstOrDefault();
}
