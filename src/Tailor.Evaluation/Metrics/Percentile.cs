namespace Tailor.Evaluation.Metrics;

/// <summary>Nearest-rank percentiles (the smallest value with at least p% of the values at or below it).</summary>
public static class Percentile
{
    /// <summary>The p-th percentile (0 &lt; p ≤ 100) of the values; 0 for an empty list. Does not modify the input.</summary>
    public static double Of(IReadOnlyList<double> values, double p)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (p <= 0 || p > 100) throw new ArgumentOutOfRangeException(nameof(p), p, "use 0 < p <= 100");
        if (values.Count == 0) return 0;
        var sorted = new double[values.Count];
        for (int i = 0; i < sorted.Length; i++) sorted[i] = values[i];
        Array.Sort(sorted);
        int rank = (int)Math.Ceiling(p / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }
}
