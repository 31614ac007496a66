namespace Tailor.FineTuning.ModelEvaluation;

/// <summary>
/// What the numbers say: the best model and variant by <see cref="Metric"/>, and whether it is
/// better than the runner-up beyond noise, by a two-sided sign test on the items both answered
/// (<see cref="Better"/> items where the best scored higher, <see cref="Worse"/> lower; ties dropped).
/// </summary>
public sealed record Recommendation
{
    public required string Text { get; init; }

    public required string Metric { get; init; }

    public required string BestModel { get; init; }

    public required string BestVariant { get; init; }

    public string? RunnerUpModel { get; init; }

    public string? RunnerUpVariant { get; init; }

    public int Better { get; init; }

    public int Worse { get; init; }

    public double? PValue { get; init; }

    /// <summary>True when the best and the runner-up cannot be told apart on these items (p ≥ 0.05).</summary>
    public bool WithinNoise { get; init; }

    /// <summary>The best against every other measured model and variant (the runner-up first).</summary>
    public IReadOnlyList<Comparison> Comparisons { get; init; } = [];
}
