using Tailor.Vectors;

namespace Tailor.Tests.Vectors;

/// <summary>Deterministic random vectors and a naive exact top-k to check the indexes against.</summary>
internal static class VectorTestData
{
    public static float[] Gaussian(int rows, int dim, int seed)
    {
        var rng = new Random(seed);
        var data = new float[rows * dim];
        for (int i = 0; i < data.Length; i += 2)
        {
            double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
            double r = Math.Sqrt(-2 * Math.Log(u1));
            data[i] = (float)(r * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < data.Length) data[i + 1] = (float)(r * Math.Sin(2 * Math.PI * u2));
        }
        return data;
    }

    public static long[] Ids(int rows, long offset = 1000)
    {
        var ids = new long[rows];
        for (int i = 0; i < rows; i++) ids[i] = offset + i * 7L;
        return ids;
    }

    /// <summary>Naive exact top-k by score (scalar loops), optionally restricted to accepted ids.</summary>
    public static long[] NaiveTopK(float[] data, long[] ids, int dim, ReadOnlySpan<float> query, int k, VectorMetric metric, Func<long, bool>? accept = null)
    {
        var q = query.ToArray();
        if (metric == VectorMetric.Cosine) q = Normalized(q);
        var scored = new List<(double Score, long Id)>();
        for (int r = 0; r < ids.Length; r++)
        {
            if (accept != null && !accept(ids[r])) continue;
            var row = data.AsSpan(r * dim, dim).ToArray();
            if (metric == VectorMetric.Cosine) row = Normalized(row);
            double s = 0;
            for (int i = 0; i < dim; i++) s += metric == VectorMetric.L2 ? -(q[i] - row[i]) * (double)(q[i] - row[i]) : q[i] * (double)row[i];
            scored.Add((s, ids[r]));
        }
        scored.Sort((a, b) => b.Score.CompareTo(a.Score));
        return scored.Take(k).Select(x => x.Id).ToArray();
    }

    public static double Recall(IEnumerable<VectorHit> hits, long[] expected)
        => hits.Count(h => expected.Contains(h.Id)) / (double)expected.Length;

    private static float[] Normalized(float[] v)
    {
        double n = Math.Sqrt(v.Sum(x => (double)x * x));
        return v.Select(x => (float)(x / n)).ToArray();
    }
}
