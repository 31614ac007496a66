using Tailor.Evaluation.Datasets;
using Tailor.Evaluation.Metrics;
using Tailor.Retrieval;

namespace Tailor.Evaluation.Tests.Metrics;

public sealed class DocumentRankingTests
{
    private static Hit H(string doc, double score, long chunk = 0) => new(doc, chunk, doc + ".txt", "", score, "", "", "");

    [Fact]
    public void A_document_takes_its_best_chunks_score_and_appears_once()
    {
        var ranking = DocumentRanking.FromHits([H("a", 5, 1), H("b", 4, 2), H("a", 3, 3), H("c", 4.5, 4)]);
        Assert.Equal(["a", "c", "b"], DocumentRanking.Ids(ranking));
        Assert.Equal(5, ranking[0].Score);
    }

    [Fact]
    public void Ties_are_ordered_by_document_id_descending_like_trec_eval()
    {
        // Ordinal comparison: "9" > "10" > "1".
        var ranking = DocumentRanking.FromHits([H("1", 1), H("10", 1), H("2", 2), H("9", 1)]);
        Assert.Equal(["2", "9", "10", "1"], DocumentRanking.Ids(ranking));
    }

    [Fact]
    public void Tie_order_changes_the_metric_as_trec_eval_would()
    {
        var j = new Judgments(new Dictionary<string, int> { ["10"] = 1 });
        var ids = DocumentRanking.Ids(DocumentRanking.FromHits([H("10", 1), H("9", 1)]));
        // "9" sorts before "10" despite coming second in the hit list.
        Assert.Equal(0.5, RankingMetrics.ReciprocalRankAt(ids, j, 10), 12);
    }

    [Fact]
    public void No_hits_give_an_empty_ranking()
    {
        Assert.Empty(DocumentRanking.FromHits([]));
    }

    [Fact]
    public void Percentile_uses_nearest_rank()
    {
        double[] values = [5, 1, 4, 2, 3];
        Assert.Equal(3, Percentile.Of(values, 50));
        Assert.Equal(5, Percentile.Of(values, 99));
        Assert.Equal(1, Percentile.Of(values, 1));
        Assert.Equal(0, Percentile.Of([], 50));
    }
}
