namespace Tailor.FineTuning.Classification;

/// <summary>
/// What training produced: the classifier (weights of the best epoch), the test report (null
/// without a test set), the set sizes, the best epoch, every epoch's progress, and the wall-clock
/// seconds spent featurizing and training.
/// </summary>
public sealed record TrainingResult(
    TextClassifier Classifier,
    ClassificationReport? Test,
    int TrainSize,
    int ValidationSize,
    int TestSize,
    int BestEpoch,
    IReadOnlyList<EpochProgress> Epochs,
    double Seconds);
