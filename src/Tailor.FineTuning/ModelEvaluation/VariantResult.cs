namespace Tailor.FineTuning.ModelEvaluation;

/// <summary>
/// The scores of one model in one variant over the test set. Rates are over the answered examples;
/// failed requests are counted in <see cref="Failed"/>, not as wrong answers.
/// </summary>
public sealed record VariantResult
{
    public required string Model { get; init; }

    public required string Variant { get; init; }

    /// <summary>Test examples.</summary>
    public int Examples { get; init; }

    public int Answered { get; init; }

    public int Failed { get; init; }

    /// <summary>Answers taken from the cache of an earlier run.</summary>
    public int Cached { get; init; }

    public double ExactMatch { get; init; }

    public double TokenF1 { get; init; }

    /// <summary>Label accuracy when the references form a label set (same as exact match then); else null.</summary>
    public double? Accuracy { get; init; }

    public IReadOnlyList<LabelMetrics>? Labels { get; init; }

    /// <summary>Reference label → predicted label → count; answers outside the label set count as "(other)".</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>>? Confusion { get; init; }

    /// <summary>Share of answers that are JSON, when the references are JSON; else null.</summary>
    public double? JsonValid { get; init; }

    /// <summary>Mean judge grade (1–5) when a judge model graded the answers; else null.</summary>
    public double? JudgeScore { get; init; }

    public long PromptTokens { get; init; }

    public long CompletionTokens { get; init; }

    /// <summary>What the answers cost at the price table; null when the model has no price.</summary>
    public decimal? CostUsd { get; init; }

    /// <summary>Cost per 1,000 requests like these; null without a price.</summary>
    public decimal? CostPer1000 { get; init; }

    public double LatencyMsP50 { get; init; }

    public double LatencyMsP95 { get; init; }

    /// <summary>The mean score variants are compared by (<see cref="ModelEvalReport.Metric"/>).</summary>
    public double Score { get; init; }
}
