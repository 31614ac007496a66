using Tailor.Evaluation.Datasets;

namespace Tailor.Evaluation.Metrics;

/// <summary>
/// Per-query ranking metrics with trec_eval's definitions. The ranking holds each document once,
/// best first (see <see cref="DocumentRanking"/>); a document is relevant when its grade is above 0
/// (trec_eval's relevance level 1); unjudged documents count as non-relevant. Ranks are 1-based.
/// </summary>
public static class RankingMetrics
{
    /// <summary>
    /// nDCG@k as trec_eval's <c>ndcg_cut.k</c>: DCG = Σ_{rank ≤ k} grade / log2(rank + 1) with the
    /// grade itself as gain; the ideal DCG uses every judged relevant document of the query, sorted by
    /// grade, cut at k. 0 when the query has no relevant document.
    /// </summary>
    public static double NdcgAt(IReadOnlyList<string> ranking, Judgments judgments, int k)
    {
        Check(ranking, judgments, k);
        double dcg = 0;
        int n = Math.Min(k, ranking.Count);
        for (int i = 0; i < n; i++)
        {
            int grade = judgments.Grade(ranking[i]);
            if (grade > 0) dcg += grade / Math.Log2(i + 2);
        }
        double ideal = 0;
        var gains = judgments.IdealGains;
        int m = Math.Min(k, gains.Count);
        for (int i = 0; i < m; i++) ideal += gains[i] / Math.Log2(i + 2);
        return ideal > 0 ? dcg / ideal : 0;
    }

    /// <summary>Recall@k (trec_eval <c>recall.k</c>): relevant documents in the top k / all relevant documents.</summary>
    public static double RecallAt(IReadOnlyList<string> ranking, Judgments judgments, int k)
    {
        Check(ranking, judgments, k);
        if (judgments.RelevantCount == 0) return 0;
        return (double)RelevantInTop(ranking, judgments, k) / judgments.RelevantCount;
    }

    /// <summary>
    /// Precision@k (trec_eval <c>P.k</c>): relevant documents in the top k / k, dividing by k even
    /// when fewer than k documents were retrieved.
    /// </summary>
    public static double PrecisionAt(IReadOnlyList<string> ranking, Judgments judgments, int k)
    {
        Check(ranking, judgments, k);
        return (double)RelevantInTop(ranking, judgments, k) / k;
    }

    /// <summary>Reciprocal rank of the first relevant document within the top k; 0 when there is none (MRR@k per query).</summary>
    public static double ReciprocalRankAt(IReadOnlyList<string> ranking, Judgments judgments, int k)
    {
        Check(ranking, judgments, k);
        int n = Math.Min(k, ranking.Count);
        for (int i = 0; i < n; i++)
        {
            if (judgments.IsRelevant(ranking[i])) return 1.0 / (i + 1);
        }
        return 0;
    }

    /// <summary>
    /// Average precision (trec_eval <c>map</c>, non-interpolated) over the whole ranking: the sum of
    /// precision at the rank of each relevant retrieved document, divided by the number of relevant
    /// documents (retrieved or not). 0 when nothing relevant is retrieved.
    /// </summary>
    public static double AveragePrecision(IReadOnlyList<string> ranking, Judgments judgments)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        ArgumentNullException.ThrowIfNull(judgments);
        if (judgments.RelevantCount == 0) return 0;
        double sum = 0;
        int found = 0;
        for (int i = 0; i < ranking.Count; i++)
        {
            if (!judgments.IsRelevant(ranking[i])) continue;
            found++;
            sum += (double)found / (i + 1);
        }
        return sum / judgments.RelevantCount;
    }

    private static int RelevantInTop(IReadOnlyList<string> ranking, Judgments judgments, int k)
    {
        int n = Math.Min(k, ranking.Count), count = 0;
        for (int i = 0; i < n; i++)
        {
            if (judgments.IsRelevant(ranking[i])) count++;
        }
        return count;
    }

    private static void Check(IReadOnlyList<string> ranking, Judgments judgments, int k)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        ArgumentNullException.ThrowIfNull(judgments);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
    }
}
