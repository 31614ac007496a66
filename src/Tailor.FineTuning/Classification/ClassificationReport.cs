namespace Tailor.FineTuning.Classification;

/// <summary>
/// Test-set quality of a classifier, computed from its confusion matrix: accuracy, macro-F1 (the
/// unweighted mean of the per-class F1), per-class precision/recall/F1/support, and the matrix
/// itself (rows: true label, columns: predicted label, both in <see cref="Labels"/> order).
/// </summary>
public sealed class ClassificationReport
{
    private ClassificationReport(IReadOnlyList<string> labels, int[][] confusion, double accuracy, double macroF1, IReadOnlyDictionary<string, ClassMetrics> perClass)
    {
        Labels = labels;
        Confusion = confusion;
        Accuracy = accuracy;
        MacroF1 = macroF1;
        PerClass = perClass;
    }

    public IReadOnlyList<string> Labels { get; }

    /// <summary>Confusion[actual][predicted] counts.</summary>
    public int[][] Confusion { get; }

    public double Accuracy { get; }

    public double MacroF1 { get; }

    /// <summary>Metrics per label, in <see cref="Labels"/> order.</summary>
    public IReadOnlyDictionary<string, ClassMetrics> PerClass { get; }

    /// <summary>Examples counted.</summary>
    public int Total => Confusion.Sum(row => row.Sum());

    /// <summary>The report of a confusion matrix (Confusion[actual][predicted]).</summary>
    public static ClassificationReport FromConfusion(IReadOnlyList<string> labels, int[][] confusion)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(confusion);
        int k = labels.Count;
        if (confusion.Length != k || confusion.Any(row => row.Length != k))
            throw new ArgumentException($"the confusion matrix must be {k}×{k}, one row and column per label", nameof(confusion));
        long total = 0, correct = 0;
        var perClass = new Dictionary<string, ClassMetrics>(k);
        double f1Sum = 0;
        for (int c = 0; c < k; c++)
        {
            int truePositives = confusion[c][c];
            int support = confusion[c].Sum();
            int predicted = 0;
            for (int r = 0; r < k; r++) predicted += confusion[r][c];
            double precision = predicted == 0 ? 0 : (double)truePositives / predicted;
            double recall = support == 0 ? 0 : (double)truePositives / support;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass[labels[c]] = new ClassMetrics(precision, recall, f1, support);
            f1Sum += f1;
            total += support;
            correct += truePositives;
        }
        return new ClassificationReport(labels, confusion, total == 0 ? 0 : (double)correct / total, k == 0 ? 0 : f1Sum / k, perClass);
    }

    /// <summary>The report of predicted versus actual class indices (into <paramref name="labels"/>).</summary>
    public static ClassificationReport FromPredictions(IReadOnlyList<string> labels, ReadOnlySpan<int> actual, ReadOnlySpan<int> predicted)
    {
        if (actual.Length != predicted.Length) throw new ArgumentException("one prediction per example", nameof(predicted));
        var confusion = new int[labels.Count][];
        for (int i = 0; i < confusion.Length; i++) confusion[i] = new int[labels.Count];
        for (int i = 0; i < actual.Length; i++) confusion[actual[i]][predicted[i]]++;
        return FromConfusion(labels, confusion);
    }
}
