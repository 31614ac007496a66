using Tailor.Retrieval;

namespace Tailor.Tests.Retrieval;

public class MmrRerankerTests
{
    [Fact]
    public void Jaccard_is_intersection_over_union()
    {
        Assert.Equal(0.5, MmrReranker.Jaccard(["a", "b", "c"], ["b", "c", "d"]));
        Assert.Equal(1.0, MmrReranker.Jaccard(["a"], ["a"]));
        Assert.Equal(0.0, MmrReranker.Jaccard(["a"], ["b"]));
        Assert.Equal(0.0, MmrReranker.Jaccard([], []));
    }

    [Fact]
    public void SelectIndices_uses_the_given_similarity()
    {
        // 0, 1, 2 are near-duplicates (similarity 0.9); 3 and 4 differ from everything, 4 is barely relevant
        double[] scores = [4, 3.9, 3.8, 3.0, 0];
        double Similarity(int a, int b) => (a < 3 && b < 3) ? 0.9 : 0.1;
        Assert.Equal([0, 3, 1], Mmr.SelectIndices(scores, Similarity, lambda: 0.5, k: 3));
        Assert.Equal([0, 1, 2], Mmr.SelectIndices(scores, Similarity, lambda: 1.0, k: 3));
        Assert.Equal([0, 1, 2, 3, 4], Mmr.SelectIndices(scores, (_, _) => 0.0, lambda: 0.2, k: 10));
    }
}
