using Tailor.FineTuning.Datasets;
using Tailor.FineTuning.Tests.Datasets;
using Tailor.FineTuning.Validation;

namespace Tailor.FineTuning.Tests.Validation;

public class DatasetValidatorTests
{
    [Fact]
    public void Examples_over_the_limit_and_duplicates_are_flagged_by_line()
    {
        var longText = string.Join(' ', Enumerable.Repeat("token", 200));
        var lines = Enumerable.Range(0, 10).Select(i => Jsonl.Chat($"question {i}", $"answer {i}")).ToList();
        lines.Add(Jsonl.Chat(longText, "short"));   // line 11
        lines.Add(Jsonl.Chat("question 3", "answer 3")); // line 12 duplicates line 4
        var report = DatasetValidator.Validate(Jsonl.Parse(string.Join("\n", lines)), Jsonl.Counter, "gpt-4o-mini", tokenLimit: 100);
        Assert.True(report.IsValid);
        Assert.Equal([(11, IssueCodes.TooManyTokens), (12, IssueCodes.Duplicate)], report.Warnings.Select(w => (w.Line, w.Code)));
        Assert.Contains("line 4", report.Warnings[1].Message);
        Assert.Equal(12, report.TokenCounts.Count);
        Assert.True(report.TokenCounts[10] > 200);
    }

    [Fact]
    public void Fewer_than_ten_examples_is_a_warning()
    {
        var report = DatasetValidator.Validate(Jsonl.Parse(Jsonl.Chat("q", "a")), Jsonl.Counter, "gpt-4o-mini", 65_536);
        Assert.Equal(IssueCodes.TooFewExamples, Assert.Single(report.Warnings).Code);
    }

    [Theory]
    [InlineData("gpt-4o-mini", 65_536)]
    [InlineData("gpt-4o-mini-2024-07-18", 65_536)]
    [InlineData("gpt-4.1-nano-2025-04-14", 65_536)]
    [InlineData("gpt-3.5-turbo-0125", 16_385)]
    [InlineData("ft:gpt-4o-mini:org::abc", 65_536)]
    public void The_token_limit_table_knows_snapshots_and_fine_tunes(string model, int limit)
    {
        Assert.Equal(limit, TrainingTokenLimits.Resolve(model, null));
        Assert.Equal(1000, TrainingTokenLimits.Resolve(model, 1000));
    }

    [Fact]
    public void An_unknown_model_needs_max_tokens()
    {
        var ex = Assert.Throws<TailorException>(() => TrainingTokenLimits.Resolve("llama3", null));
        Assert.Contains("--max-tokens", ex.Message);
    }
}
