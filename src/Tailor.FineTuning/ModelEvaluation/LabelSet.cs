namespace Tailor.FineTuning.ModelEvaluation;

/// <summary>
/// Whether the references are labels rather than free text: at most <see cref="MaxLabels"/> distinct
/// normalized references of at most <see cref="MaxWords"/> words each, with at least one repeated
/// (a classification test set). Labels are kept in their normalized form.
/// </summary>
public static class LabelSet
{
    public const int MaxLabels = 20;
    public const int MaxWords = 4;

    /// <summary>The sorted labels, or null when the references are free text.</summary>
    public static IReadOnlyList<string>? Detect(IReadOnlyList<string> references)
    {
        if (references.Count < 2) return null;
        var labels = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in references)
        {
            var n = AnswerScoring.Normalize(r);
            if (n.Length == 0 || n.Split(' ').Length > MaxWords) return null;
            labels.Add(n);
            if (labels.Count > MaxLabels) return null;
        }
        if (labels.Count >= references.Count) return null;
        return labels.Order(StringComparer.Ordinal).ToList();
    }
}
