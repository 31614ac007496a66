namespace Tailor.FineTuning.Statistics;

/// <summary>What a dataset holds: examples, messages per example, tokens per example, and how many tokens are trained.</summary>
public sealed record DatasetStats(
    string Format,
    string Encoding,
    string Model,
    int TokenLimit,
    int Examples,
    Distribution MessagesPerExample,
    Distribution TokensPerExample,
    Distribution TrainedTokensPerExample,
    int ExamplesOverLimit,
    int ExamplesWithoutSystem,
    long TotalTokens,
    long TrainedTokens)
{
    /// <summary>Share of all tokens that are trained on (assistant output), 0..1.</summary>
    public double TrainedShare => TotalTokens == 0 ? 0 : (double)TrainedTokens / TotalTokens;
}
