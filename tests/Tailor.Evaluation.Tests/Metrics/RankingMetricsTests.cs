using Tailor.Evaluation.Datasets;
using Tailor.Evaluation.Metrics;

namespace Tailor.Evaluation.Tests.Metrics;

public sealed class RankingMetricsTests
{
    private const double Eps = 1e-9;

    // a:3, b:2, c:1 relevant (graded); d judged non-relevant; x unjudged.
    private static readonly Judgments Graded = new(new Dictionary<string, int> { ["a"] = 3, ["b"] = 2, ["c"] = 1, ["d"] = 0 });
    private static readonly string[] Ranking = ["d", "a", "x", "c"];

    [Fact]
    public void Ndcg_uses_grades_as_gains_and_the_ideal_from_all_judged_relevant()
    {
        // DCG@3 = 3/log2(3); IDCG@3 = 3/1 + 2/log2(3) + 1/log2(4).
        double idcg = 3 + 2 / Math.Log2(3) + 0.5;
        Assert.Equal(3 / Math.Log2(3) / idcg, RankingMetrics.NdcgAt(Ranking, Graded, 3), Eps);
        Assert.Equal(0.39748952229168844, RankingMetrics.NdcgAt(Ranking, Graded, 3), 12);
        // At 4, c (grade 1) adds 1/log2(5); the ideal has only three relevant documents.
        Assert.Equal(0.4879324590115489, RankingMetrics.NdcgAt(Ranking, Graded, 4), 12);
        Assert.Equal(0.4879324590115489, RankingMetrics.NdcgAt(Ranking, Graded, 10), 12);
        Assert.Equal(0, RankingMetrics.NdcgAt(Ranking, Graded, 1), Eps);
    }

    [Fact]
    public void Ndcg_is_one_for_the_ideal_order_and_lower_when_grades_are_swapped()
    {
        Assert.Equal(1, RankingMetrics.NdcgAt(["a", "b", "c"], Graded, 10), Eps);
        double swapped = RankingMetrics.NdcgAt(["c", "b", "a"], Graded, 10);
        Assert.True(swapped < 1);
        double expected = (1 + 2 / Math.Log2(3) + 3 / 2.0) / (3 + 2 / Math.Log2(3) + 1 / 2.0);
        Assert.Equal(expected, swapped, Eps);
    }

    [Fact]
    public void Recall_precision_and_reciprocal_rank_at_cutoffs()
    {
        Assert.Equal(1.0 / 3, RankingMetrics.RecallAt(Ranking, Graded, 2), Eps);
        Assert.Equal(2.0 / 3, RankingMetrics.RecallAt(Ranking, Graded, 4), Eps);
        Assert.Equal(0.5, RankingMetrics.PrecisionAt(Ranking, Graded, 2), Eps);
        Assert.Equal(0, RankingMetrics.ReciprocalRankAt(Ranking, Graded, 1), Eps);
        Assert.Equal(0.5, RankingMetrics.ReciprocalRankAt(Ranking, Graded, 10), Eps);
    }

    [Fact]
    public void Precision_divides_by_k_even_when_fewer_than_k_were_retrieved()
    {
        Assert.Equal(2.0 / 10, RankingMetrics.PrecisionAt(Ranking, Graded, 10), Eps);
        Assert.Equal(2.0 / 3, RankingMetrics.RecallAt(Ranking, Graded, 100), Eps);
    }

    [Fact]
    public void Average_precision_is_non_interpolated_over_all_relevant()
    {
        // relevant at ranks 2 and 4: (1/2 + 2/4) / 3 relevant.
        Assert.Equal(1.0 / 3, RankingMetrics.AveragePrecision(Ranking, Graded), Eps);
        Assert.Equal(1, RankingMetrics.AveragePrecision(["a", "b", "c", "x"], Graded), Eps);
    }

    [Fact]
    public void A_query_with_no_relevant_document_retrieved_scores_zero()
    {
        string[] misses = ["d", "x", "y"];
        Assert.Equal(0, RankingMetrics.NdcgAt(misses, Graded, 10));
        Assert.Equal(0, RankingMetrics.RecallAt(misses, Graded, 100));
        Assert.Equal(0, RankingMetrics.ReciprocalRankAt(misses, Graded, 10));
        Assert.Equal(0, RankingMetrics.PrecisionAt(misses, Graded, 10));
        Assert.Equal(0, RankingMetrics.AveragePrecision(misses, Graded));
    }

    [Fact]
    public void An_empty_result_list_scores_zero()
    {
        string[] empty = [];
        Assert.Equal(0, RankingMetrics.NdcgAt(empty, Graded, 10));
        Assert.Equal(0, RankingMetrics.RecallAt(empty, Graded, 10));
        Assert.Equal(0, RankingMetrics.ReciprocalRankAt(empty, Graded, 10));
        Assert.Equal(0, RankingMetrics.PrecisionAt(empty, Graded, 10));
        Assert.Equal(0, RankingMetrics.AveragePrecision(empty, Graded));
    }

    [Fact]
    public void Judged_non_relevant_and_negative_grades_are_not_relevant()
    {
        var j = new Judgments(new Dictionary<string, int> { ["a"] = 1, ["n"] = 0, ["m"] = -1 });
        Assert.Equal(1, j.RelevantCount);
        Assert.Equal(0, RankingMetrics.PrecisionAt(["n", "m"], j, 2));
        Assert.Equal(0.5, RankingMetrics.ReciprocalRankAt(["m", "a"], j, 10), Eps);
    }

    [Fact]
    public void A_cutoff_below_one_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RankingMetrics.NdcgAt(Ranking, Graded, 0));
    }
}
