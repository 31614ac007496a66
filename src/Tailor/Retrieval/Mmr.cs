using System.Numerics.Tensors;

namespace Tailor.Retrieval;

/// <summary>
/// Maximal marginal relevance (Carbonell and Goldstein 1998): re-orders candidates so that each next
/// pick balances relevance against similarity to what was already picked:
/// <c>λ · relevance(d) − (1 − λ) · max_{s picked} cos(d, s)</c>, relevance being the candidate's score
/// min-max normalized to [0, 1]. λ = 1 keeps the relevance order; smaller λ diversifies more. Ties go
/// to the earlier candidate.
/// </summary>
public static class Mmr
{
    /// <summary>
    /// Picks up to <paramref name="k"/> of <paramref name="candidates"/> (best first) whose vectors are
    /// <paramref name="vectors"/>[i]; returns the picks, in pick order, with their original scores.
    /// </summary>
    public static IReadOnlyList<FusionItem> Select(IReadOnlyList<FusionItem> candidates, IReadOnlyList<float[]> vectors, double lambda, int k)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(vectors);
        if (vectors.Count != candidates.Count) throw new TailorException($"MMR got {candidates.Count} candidates but {vectors.Count} vectors; give one vector per candidate.");
        var norms = new float[vectors.Count];
        for (int i = 0; i < norms.Length; i++) norms[i] = TensorPrimitives.Norm<float>(vectors[i]);
        var scores = new double[candidates.Count];
        for (int i = 0; i < scores.Length; i++) scores[i] = candidates[i].Score;
        var order = SelectIndices(scores, (a, b) => Cosine(vectors[a], norms[a], vectors[b], norms[b]), lambda, k);
        var result = new List<FusionItem>(order.Count);
        foreach (int i in order) result.Add(candidates[i]);
        return result;
    }

    /// <summary>
    /// The MMR pick order over candidates with relevance <paramref name="scores"/> (best first) and a
    /// pairwise <paramref name="similarity"/> of candidate indexes (cosine, Jaccard, ...): up to
    /// <paramref name="k"/> indexes into <paramref name="scores"/>.
    /// </summary>
    public static IReadOnlyList<int> SelectIndices(IReadOnlyList<double> scores, Func<int, int, double> similarity, double lambda, int k)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(similarity);
        if (!double.IsFinite(lambda) || lambda < 0 || lambda > 1) throw new TailorException($"MMR lambda is {lambda}; use a value from 0 (most diverse) to 1 (relevance only), typically 0.5 to 0.7.");
        int n = scores.Count;
        k = Math.Min(k, n);
        if (k <= 0) return [];

        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (int i = 0; i < n; i++)
        {
            min = Math.Min(min, scores[i]);
            max = Math.Max(max, scores[i]);
        }
        double range = max - min;
        var relevance = new double[n];
        for (int i = 0; i < n; i++) relevance[i] = range > 0 ? (scores[i] - min) / range : 1.0;
        var maxSimilarity = new double[n];
        Array.Fill(maxSimilarity, double.NegativeInfinity);
        var picked = new bool[n];
        var result = new List<int>(k);
        int last = -1;
        for (int step = 0; step < k; step++)
        {
            int best = -1;
            double bestValue = double.NegativeInfinity;
            for (int i = 0; i < n; i++)
            {
                if (picked[i]) continue;
                if (last >= 0) maxSimilarity[i] = Math.Max(maxSimilarity[i], similarity(i, last));
                double penalty = last >= 0 ? maxSimilarity[i] : 0;
                double value = lambda * relevance[i] - (1 - lambda) * penalty;
                if (value > bestValue)
                {
                    bestValue = value;
                    best = i;
                }
            }
            picked[best] = true;
            result.Add(best);
            last = best;
        }
        return result;
    }

    private static double Cosine(float[] a, float normA, float[] b, float normB)
    {
        if (a.Length != b.Length) throw new TailorException($"MMR got vectors of lengths {a.Length} and {b.Length}; all candidate vectors must have the same length.");
        if (normA == 0 || normB == 0) return 0;
        return TensorPrimitives.Dot<float>(a, b) / ((double)normA * normB);
    }
}
