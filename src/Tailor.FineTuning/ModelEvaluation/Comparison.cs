namespace Tailor.FineTuning.ModelEvaluation;

/// <summary>The best model and variant against another: items where the best scored higher and lower (ties dropped), the sign test's p-value, and whether that is within noise.</summary>
public sealed record Comparison(string Model, string Variant, int Better, int Worse, double PValue, bool WithinNoise);
