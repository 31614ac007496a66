namespace Tailor.FineTuning.Classification;

/// <summary>The predicted label of a text and the probability of every label (in the model's label order).</summary>
public sealed record Prediction(string Label, IReadOnlyDictionary<string, double> Probabilities);
