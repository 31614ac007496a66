using Tailor.Retrieval;

namespace Tailor.Tests.Retrieval;

public class MmrTests
{
    // Candidates 1-3 are near-duplicates (same direction); 4 is different but a little less relevant.
    private static readonly List<FusionItem> Candidates = [new(1, 1.0), new(2, 0.95), new(3, 0.9), new(4, 0.8)];

    private static readonly List<float[]> Vectors = [[1f, 0f], [0.99f, 0.01f], [0.98f, 0.02f], [0f, 1f]];

    [Fact]
    public void Picks_a_diverse_item_before_near_duplicates()
    {
        var picked = Mmr.Select(Candidates, Vectors, lambda: 0.5, k: 2);
        Assert.Equal([1L, 4L], picked.Select(p => p.Id));
    }

    [Fact]
    public void Lambda_one_keeps_the_relevance_order()
    {
        var picked = Mmr.Select(Candidates, Vectors, lambda: 1.0, k: 4);
        Assert.Equal([1L, 2L, 3L, 4L], picked.Select(p => p.Id));
        Assert.Equal(0.95, picked[1].Score);
    }

    [Fact]
    public void Returns_at_most_the_candidates_and_nothing_for_zero()
    {
        Assert.Equal(4, Mmr.Select(Candidates, Vectors, 0.5, 10).Count);
        Assert.Empty(Mmr.Select(Candidates, Vectors, 0.5, 0));
    }

    [Fact]
    public void Mismatched_inputs_are_refused()
    {
        Assert.Throws<TailorException>(() => Mmr.Select(Candidates, Vectors.Take(3).ToList(), 0.5, 2));
        Assert.Throws<TailorException>(() => Mmr.Select(Candidates, Vectors, 1.5, 2));
    }
}
