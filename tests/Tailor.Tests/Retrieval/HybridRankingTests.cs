using Tailor.Retrieval;

namespace Tailor.Tests.Retrieval;

public class HybridRankingTests
{
    private static List<FusionItem> List(params long[] ids) => ids.Select((id, i) => new FusionItem(id, 100 - i)).ToList();

    [Fact]
    public void A_chunk_both_sides_rank_second_beats_chunks_only_one_side_ranks_first()
    {
        // 1 is lexical's best and unknown to the vector side; 9 is the vector side's best and unknown to lexical;
        // 2 is second on both sides.
        var lexical = List(1, 2, 3, 4, 5, 6, 7, 8);
        var vector = List(9, 2, 10, 11, 12, 13, 14, 15);

        var ranked = HybridRanking.Rank(lexical, vector, new FusionOptions(), k: 10);

        Assert.Equal(2, ranked[0].Id);
        Assert.Equal(new HitExplanation(SearchMode.Hybrid, 2, 2, 2.0 / 62), ranked[0].Why);
        Assert.Equal(2.0 / 62, ranked[0].Score, 12);
        Assert.Equal([1L, 9L], ranked.Skip(1).Take(2).Select(h => h.Id)); // the exact tie: the lexical one first
        Assert.Equal(new HitExplanation(SearchMode.Hybrid, 1, 0, 1.0 / 61), ranked[1].Why);
        Assert.Equal(new HitExplanation(SearchMode.Hybrid, 0, 1, 1.0 / 61), ranked[2].Why);
        Assert.Equal(10, ranked.Count);
    }

    [Fact]
    public void Agreement_deep_in_both_lists_still_beats_a_single_first_place()
    {
        // 42 is 40th on both sides: 2 / 100 > 1 / 61
        var lexical = List([.. Enumerable.Range(1000, 39).Select(i => (long)i), 42]);
        var vector = List([.. Enumerable.Range(2000, 39).Select(i => (long)i), 42]);

        var ranked = HybridRanking.Rank(lexical, vector, new FusionOptions(), k: 3);

        Assert.Equal([42L, 1000L, 2000L], ranked.Select(h => h.Id));
        Assert.Equal((40, 40), (ranked[0].Why.LexicalRank, ranked[0].Why.VectorRank));
    }

    [Fact]
    public void Exact_ties_go_to_the_better_lexical_rank_and_convex_fusion_is_honoured()
    {
        // 7 is lexical 2nd and vector 1st, 8 lexical 1st and vector 2nd: same RRF score, 8 first
        var ranked = HybridRanking.Rank(List(8, 7), List(7, 8), new FusionOptions(), k: 2);
        Assert.Equal([8L, 7L], ranked.Select(h => h.Id));

        // convex, lexical weight 0.8: 5 (lexical 1 → 1.0, vector 2 → 0) beats 6 (lexical 2 → 0, vector 1 → 1.0)
        var convex = HybridRanking.Rank(List(5, 6), List(6, 5), new FusionOptions { Method = FusionMethod.Convex, LexicalWeight = 0.8 }, k: 2);
        Assert.Equal([5L, 6L], convex.Select(h => h.Id));
        Assert.Equal(0.8, convex[0].Score, 12);
        Assert.Equal(0.2, convex[1].Score, 12);
    }
}
