using Tailor.FineTuning.Statistics;
using Tailor.FineTuning.Tests.Datasets;

namespace Tailor.FineTuning.Tests.Statistics;

public class ExampleTokenCounterTests
{
    [Fact]
    public void Counts_follow_the_cookbook_overhead()
    {
        var tok = Jsonl.O200k;
        var example = Jsonl.Parse("""{"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Capital of France?", "name": "ann"}, {"role": "assistant", "content": "Paris."}]}""").Examples[0];
        int expected = 3
            + 3 + tok.CountTokens("system") + tok.CountTokens("Be brief.")
            + 3 + tok.CountTokens("user") + tok.CountTokens("Capital of France?") + tok.CountTokens("ann") + 1
            + 3 + tok.CountTokens("assistant") + tok.CountTokens("Paris.");
        Assert.Equal(expected, Jsonl.Counter.Count(example));
        Assert.Equal(tok.CountTokens("Paris."), Jsonl.Counter.CountTrained(example));
    }

    [Fact]
    public void Weight_zero_assistant_messages_are_not_trained()
    {
        var example = Jsonl.Parse("""{"messages": [{"role": "user", "content": "x"}, {"role": "assistant", "content": "a wrong first try", "weight": 0}, {"role": "user", "content": "again"}, {"role": "assistant", "content": "right"}]}""").Examples[0];
        Assert.Equal(Jsonl.O200k.CountTokens("right"), Jsonl.Counter.CountTrained(example));
    }

    [Fact]
    public void Stats_give_the_distribution_and_trained_share()
    {
        var lines = Enumerable.Range(1, 10).Select(i => Jsonl.Chat(string.Join(' ', Enumerable.Repeat("word", i)), "ok"));
        var stats = DatasetStatistics.Compute(Jsonl.Parse(string.Join("\n", lines)), Jsonl.Counter, "gpt-4o-mini", 20);
        Assert.Equal(10, stats.Examples);
        Assert.Equal(2, stats.MessagesPerExample.Median);
        Assert.True(stats.TokensPerExample.Min < stats.TokensPerExample.P90 && stats.TokensPerExample.P90 <= stats.TokensPerExample.Max);
        Assert.Equal(10, stats.ExamplesWithoutSystem);
        Assert.Equal(10 * Jsonl.O200k.CountTokens("ok"), stats.TrainedTokens);
        Assert.InRange(stats.TrainedShare, 0.01, 0.5);
        Assert.True(stats.ExamplesOverLimit > 0);
    }

    [Fact]
    public void Distribution_uses_nearest_rank_p90()
    {
        var d = Distribution.Of([5, 1, 2, 3, 4, 6, 7, 8, 9, 10]);
        Assert.Equal((1, 5.5, 9, 10), (d.Min, d.Median, d.P90, d.Max));
    }
}
