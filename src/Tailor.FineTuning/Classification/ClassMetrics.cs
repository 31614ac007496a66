namespace Tailor.FineTuning.Classification;

/// <summary>Precision, recall and F1 of one class, with its support (how many test examples truly have it). A ratio with a zero denominator is 0.</summary>
public sealed record ClassMetrics(double Precision, double Recall, double F1, int Support);
