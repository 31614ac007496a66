using Tailor.FineTuning.Classification;

namespace Tailor.FineTuning.Tests.Classification;

public sealed class StratifiedSplitTests
{
    [Fact]
    public void Holds_out_the_share_of_each_label_deterministically_and_disjointly()
    {
        var examples = Enumerable.Range(0, 1000).Select(i => new LabeledText(i % 10 == 0 ? "rare" : "common", "text " + i, i + 1)).ToList();
        var (kept, held) = StratifiedSplit.Split(examples, 0.2, seed: 5);
        Assert.Equal(20, held.Count(e => e.Label == "rare"));
        Assert.Equal(180, held.Count(e => e.Label == "common"));
        Assert.Equal(1000, kept.Count + held.Count);
        Assert.Empty(kept.Select(e => e.Line).Intersect(held.Select(e => e.Line)));
        Assert.Equal(held, StratifiedSplit.Split(examples, 0.2, seed: 5).HeldOut);
        Assert.NotEqual(held, StratifiedSplit.Split(examples, 0.2, seed: 6).HeldOut);
        Assert.True(held.Select(e => e.Line).SequenceEqual(held.Select(e => e.Line).Order()), "held-out examples keep their order");
    }

    [Fact]
    public void A_label_with_one_example_stays_in_training()
    {
        var examples = new List<LabeledText> { new("a", "x", 1), new("b", "y", 2), new("b", "z", 3) };
        var (kept, held) = StratifiedSplit.Split(examples, 0.1, seed: 1);
        Assert.Contains(kept, e => e.Label == "a");
        Assert.Single(held);
        Assert.Equal("b", held[0].Label);
    }
}
