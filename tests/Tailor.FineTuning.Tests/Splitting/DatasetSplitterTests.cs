using Tailor.FineTuning.Datasets;
using Tailor.FineTuning.Splitting;
using Tailor.FineTuning.Tests.Datasets;

namespace Tailor.FineTuning.Tests.Splitting;

public class DatasetSplitterTests
{
    private static IReadOnlyList<TrainingExample> Examples(int n, Func<int, string>? label = null) =>
        Jsonl.Parse(string.Join("\n", Enumerable.Range(0, n).Select(i =>
            $$"""{"messages": [{"role": "user", "content": "message number {{i}}"}, {"role": "assistant", "content": "{{label?.Invoke(i) ?? "reply " + i}}"}], "label": "{{label?.Invoke(i) ?? ""}}"}"""))).Examples;

    [Fact]
    public void The_same_seed_gives_the_same_split_and_another_seed_another()
    {
        var examples = Examples(200);
        var a = DatasetSplitter.Split(examples, new SplitOptions { Seed = 7 });
        var b = DatasetSplitter.Split(examples, new SplitOptions { Seed = 7 });
        var c = DatasetSplitter.Split(examples, new SplitOptions { Seed = 8 });
        Assert.Equal(a.Test.Select(e => e.Line), b.Test.Select(e => e.Line));
        Assert.Equal(a.Validation.Select(e => e.Line), b.Validation.Select(e => e.Line));
        Assert.NotEqual(a.Test.Select(e => e.Line), c.Test.Select(e => e.Line));
        Assert.Equal((160, 20, 20), (a.Train.Count, a.Validation.Count, a.Test.Count));
        Assert.Equal(200, a.Train.Concat(a.Validation).Concat(a.Test).Select(e => e.Line).Distinct().Count());
        Assert.Equal(0, a.Leaks);
    }

    [Fact]
    public void Exact_and_normalized_duplicates_are_removed_before_splitting()
    {
        var lines = new List<string>();
        for (int i = 0; i < 50; i++) lines.Add(Jsonl.Chat($"What is item {i}?", $"Item {i}."));
        lines.Add(Jsonl.Chat("What is item 3?", "Item 3."));            // exact duplicate
        lines.Add(Jsonl.Chat("what is   ITEM 4", "item 4"));             // same after normalization
        lines.Add(Jsonl.Chat("What is item 5?", "Item 5."));            // exact
        var result = DatasetSplitter.Split(Jsonl.Parse(string.Join("\n", lines)).Examples, new SplitOptions { Validation = 0.2, Test = 0.2 });
        Assert.Equal((2, 1), (result.ExactDuplicatesRemoved, result.NormalizedDuplicatesRemoved));
        Assert.Equal(50, result.Train.Count + result.Validation.Count + result.Test.Count);
        Assert.Equal(0, result.Leaks);
    }

    [Fact]
    public void Leakage_is_counted_when_parts_share_an_example()
    {
        var e = Examples(3);
        Assert.Equal(1, DatasetSplitter.CountLeaks([e[0], e[1]], [e[1]], [e[2]]));
        Assert.Equal(0, DatasetSplitter.CountLeaks([e[0]], [e[1]], [e[2]]));
    }

    [Theory]
    [InlineData("label")]
    [InlineData("assistant")]
    public void Stratified_splits_keep_each_class_share(string field)
    {
        // 80 "ham", 20 "spam": each part should hold them 4:1.
        var examples = Examples(100, i => i % 5 == 0 ? "spam" : "ham");
        var result = DatasetSplitter.Split(examples, new SplitOptions { Validation = 0.1, Test = 0.2, StratifyBy = field });
        int Spam(IEnumerable<TrainingExample> part) => part.Count(x => x.LastAssistant == "spam");
        Assert.Equal(4, Spam(result.Test));
        Assert.Equal(16, result.Test.Count - Spam(result.Test));
        Assert.Equal(2, Spam(result.Validation));
        Assert.Equal(14, Spam(result.Train));
        Assert.Equal(2, result.Strata!.Count);
    }

    [Fact]
    public void Shares_that_leave_nothing_to_train_are_refused() =>
        Assert.Throws<TailorException>(() => DatasetSplitter.Split(Examples(10), new SplitOptions { Validation = 0.5, Test = 0.5 }));
}
