namespace Tailor.FineTuning.Statistics;

/// <summary>Summary of a list of counts: min, median, 90th percentile (nearest rank), max, mean.</summary>
public sealed record Distribution(int Min, double Median, int P90, int Max, double Mean)
{
    public static readonly Distribution Empty = new(0, 0, 0, 0, 0);

    public static Distribution Of(IReadOnlyList<int> values)
    {
        if (values.Count == 0) return Empty;
        var sorted = values.Order().ToArray();
        int n = sorted.Length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
        int p90 = sorted[Math.Clamp((int)Math.Ceiling(0.9 * n) - 1, 0, n - 1)];
        return new Distribution(sorted[0], median, p90, sorted[^1], sorted.Average(v => (double)v));
    }
}
