namespace Tailor.FineTuning.ModelEvaluation;

/// <summary>Precision and recall of one label; <see cref="Support"/> is how many references carry it.</summary>
public sealed record LabelMetrics(string Label, double Precision, double Recall, int Support);
