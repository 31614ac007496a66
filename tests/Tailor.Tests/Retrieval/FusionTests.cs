using Tailor.Retrieval;

namespace Tailor.Tests.Retrieval;

public class FusionTests
{
    private static List<FusionItem> List(params (long Id, double Score)[] items) => items.Select(x => new FusionItem(x.Id, x.Score)).ToList();

    [Fact]
    public void Reciprocal_rank_fusion_sums_one_over_k_plus_rank()
    {
        var lexical = List((1, 9.0), (2, 5.0), (3, 1.0));
        var vector = List((3, 0.9), (1, 0.8), (4, 0.1));

        var fused = Fusion.Reciprocal([lexical, vector]);

        Assert.Equal([1L, 3L, 2L, 4L], fused.Select(h => h.Id));
        Assert.Equal(1.0 / 61 + 1.0 / 62, fused[0].Score, 12);
        Assert.Equal(1.0 / 63 + 1.0 / 61, fused[1].Score, 12);
        Assert.Equal(1.0 / 62, fused[2].Score, 12);
        Assert.Equal(1.0 / 63, fused[3].Score, 12);
        Assert.Equal([1, 2], fused[0].Ranks);
        Assert.Equal([0, 3], fused[3].Ranks);
    }

    [Fact]
    public void Reciprocal_rank_fusion_uses_the_given_constant_and_breaks_ties_by_id()
    {
        var fused = Fusion.Reciprocal([List((5, 1), (7, 1)), List((7, 1), (5, 1))], k: 0);
        Assert.Equal([5L, 7L], fused.Select(h => h.Id));
        Assert.Equal(1.5, fused[0].Score, 12);
        Assert.Equal(1.5, fused[1].Score, 12);
    }

    [Fact]
    public void Weighted_reciprocal_rank_fusion_scales_each_lists_share()
    {
        var fused = Fusion.Reciprocal([List((1, 1), (2, 1)), List((2, 1), (3, 1))], k: 10, weights: [0.5, 2.0]);
        Assert.Equal([2L, 3L, 1L], fused.Select(h => h.Id));
        Assert.Equal(0.5 / 12 + 2.0 / 11, fused[0].Score, 12);
        Assert.Equal(2.0 / 12, fused[1].Score, 12);
        Assert.Equal(0.5 / 11, fused[2].Score, 12);
        Assert.Throws<TailorException>(() => Fusion.Reciprocal([List((1, 1))], 60, [1.0, 1.0]));
        Assert.Throws<TailorException>(() => Fusion.Reciprocal([List((1, 1))], 60, [-1.0]));
    }

    [Fact]
    public void Repeated_ids_within_a_list_count_once()
    {
        var fused = Fusion.Reciprocal([List((1, 3), (1, 2), (2, 1))]);
        Assert.Equal(2, fused.Count);
        Assert.Equal(1.0 / 61, fused[0].Score, 12);
        Assert.Equal(1.0 / 63, fused[1].Score, 12);
    }

    [Fact]
    public void Convex_fusion_min_max_normalizes_each_list()
    {
        var lexical = List((1, 10.0), (2, 6.0), (3, 2.0));
        var vector = List((2, 0.9), (3, 0.5), (4, 0.4));

        var fused = Fusion.Convex(lexical, vector, lexicalWeight: 0.5);

        // lexical: 1→1, 2→0.5, 3→0;  vector: 2→1, 3→0.2, 4→0.
        Assert.Equal([2L, 1L, 3L, 4L], fused.Select(h => h.Id));
        Assert.Equal(0.75, fused[0].Score, 12);
        Assert.Equal(0.5, fused[1].Score, 12);
        Assert.Equal(0.1, fused[2].Score, 12);
        Assert.Equal(0.0, fused[3].Score, 12);
        Assert.Equal([2, 1], fused[0].Ranks);
    }

    [Fact]
    public void Convex_fusion_weight_shifts_the_balance()
    {
        var lexical = List((1, 10.0), (2, 0.0));
        var vector = List((2, 1.0), (1, 0.0));
        Assert.Equal(1L, Fusion.Convex(lexical, vector, 0.7)[0].Id);
        Assert.Equal(2L, Fusion.Convex(lexical, vector, 0.3)[0].Id);
        Assert.Equal(0.7, Fusion.Convex(lexical, vector, 0.7)[0].Score, 12);
    }

    [Fact]
    public void Convex_fusion_maps_a_constant_score_list_to_one()
    {
        var lexical = List((1, 3.0), (2, 3.0));
        var vector = List((2, 0.8), (3, 0.2));

        var fused = Fusion.Convex(lexical, vector, 0.5);

        Assert.Equal([2L, 1L, 3L], fused.Select(h => h.Id));
        Assert.Equal(1.0, fused[0].Score, 12);
        Assert.Equal(0.5, fused[1].Score, 12);
        Assert.Equal(0.0, fused[2].Score, 12);
    }

    [Fact]
    public void Empty_lists_fuse_to_nothing_or_to_the_other_list()
    {
        Assert.Empty(Fusion.Reciprocal([List(), List()]));
        var fused = Fusion.Convex(List(), List((4, 2.0), (5, 1.0)), 0.5);
        Assert.Equal([4L, 5L], fused.Select(h => h.Id));
        Assert.Equal(0.5, fused[0].Score, 12);
    }

    [Fact]
    public void Invalid_arguments_are_refused()
    {
        Assert.Throws<TailorException>(() => Fusion.Convex(List(), List(), 1.5));
        Assert.Throws<TailorException>(() => Fusion.Convex([List(), List()], [0.5]));
        Assert.Throws<TailorException>(() => Fusion.Convex(List((1, double.NaN)), List(), 0.5));
        Assert.Throws<TailorException>(() => Fusion.Reciprocal([List()], k: -1));
    }
}
