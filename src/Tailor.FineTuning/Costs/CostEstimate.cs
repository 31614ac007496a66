namespace Tailor.FineTuning.Costs;

/// <summary>
/// The estimated cost of a fine-tuning job: billed tokens = epochs × Σ min(limit, tokens per
/// example), priced per million training tokens. <see cref="CostUsd"/> is null when no training
/// price is known for the model.
/// </summary>
public sealed record CostEstimate(
    string Model,
    int Examples,
    int Epochs,
    bool EpochsChosenByRule,
    int TokenLimit,
    long TokensInDataset,
    long BillableTokensPerEpoch,
    long BilledTokens,
    decimal? TrainingPricePerMillion,
    decimal? CostUsd);
