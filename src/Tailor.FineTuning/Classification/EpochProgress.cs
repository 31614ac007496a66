namespace Tailor.FineTuning.Classification;

/// <summary>What one training epoch achieved: mean training loss, validation loss and accuracy, and whether it is the best epoch so far (lowest validation loss).</summary>
public sealed record EpochProgress(int Epoch, int Epochs, double TrainLoss, double ValidationLoss, double ValidationAccuracy, bool IsBest);
