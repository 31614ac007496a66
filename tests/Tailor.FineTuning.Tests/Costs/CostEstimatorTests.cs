using Tailor.FineTuning.Costs;
using Tailor.Tokenization;

namespace Tailor.FineTuning.Tests.Costs;

public class CostEstimatorTests
{
    [Theory]
    [InlineData(1, 25)]        // 3 < 100 → 100/1 = 100, clamped to 25
    [InlineData(4, 25)]        // 100/4 = 25
    [InlineData(5, 20)]
    [InlineData(10, 10)]
    [InlineData(33, 3)]        // 99 < 100 → 100/33 = 3
    [InlineData(34, 3)]        // 102: inside the target range
    [InlineData(8_333, 3)]     // 24,999
    [InlineData(8_334, 2)]     // 25,002 > 25,000 → 25,000/8,334 = 2
    [InlineData(12_500, 2)]
    [InlineData(12_501, 1)]
    [InlineData(1_000_000, 1)] // clamped to at least 1
    public void Default_epochs_follow_openais_rule(int examples, int epochs) =>
        Assert.Equal(epochs, EpochRule.DefaultEpochs(examples));

    [Fact]
    public void No_examples_is_an_error() => Assert.Throws<TailorException>(() => EpochRule.DefaultEpochs(0));

    [Fact]
    public void Billed_tokens_cap_each_example_at_the_limit_and_multiply_by_epochs()
    {
        int[] tokens = [100, 200, 5_000];
        var estimate = CostEstimator.Estimate(tokens, "gpt-4o-mini", tokenLimit: 1_000, epochs: null, PriceTable.Default);
        Assert.Equal(25, estimate.Epochs); // 3 examples → 100/3 = 33 → 25
        Assert.True(estimate.EpochsChosenByRule);
        Assert.Equal(5_300, estimate.TokensInDataset);
        Assert.Equal(1_300, estimate.BillableTokensPerEpoch);
        Assert.Equal(32_500, estimate.BilledTokens);
        Assert.Equal(3m, estimate.TrainingPricePerMillion);
        Assert.Equal(32_500 * 3m / 1_000_000m, estimate.CostUsd);
    }

    [Fact]
    public void Explicit_epochs_win_over_the_rule()
    {
        var estimate = CostEstimator.Estimate([10, 20], "gpt-4.1-mini-2025-04-14", 65_536, epochs: 4, PriceTable.Default);
        Assert.Equal(4, estimate.Epochs);
        Assert.False(estimate.EpochsChosenByRule);
        Assert.Equal(120, estimate.BilledTokens);
        Assert.Equal(5m, estimate.TrainingPricePerMillion);
    }

    [Fact]
    public void Epochs_out_of_range_are_refused() =>
        Assert.Throws<TailorException>(() => CostEstimator.Estimate([1], "gpt-4o-mini", 100, epochs: 0, PriceTable.Default));

    [Fact]
    public void A_model_without_a_training_price_has_no_cost()
    {
        var estimate = CostEstimator.Estimate([10], "o3", 1000, 1, PriceTable.Default);
        Assert.Null(estimate.CostUsd);
        Assert.Equal(10, estimate.BilledTokens);
    }

    [Fact]
    public void Training_prices_can_be_overridden_alone_or_with_the_others()
    {
        Assert.True(PriceTable.TryParseOverrides("""{ "gpt-4o-mini": { "training": 4 }, "my-model": { "input": 1, "output": 2, "training": 7.5 } }""", out var table, out var error), error);
        var mini = table!.GetPrice("gpt-4o-mini");
        Assert.Equal((0.15m, 0.60m, (decimal?)4m), (mini.InputPerMillion, mini.OutputPerMillion, mini.TrainingPerMillion));
        Assert.Equal(7.5m, table.GetPrice("my-model").TrainingPerMillion);
        Assert.True(PriceTable.TryParseOverrides("""{ "gpt-4o": { "input": 3, "output": 12 } }""", out var kept, out _));
        Assert.Equal(25m, kept!.GetPrice("gpt-4o").TrainingPerMillion);
        Assert.False(PriceTable.TryParseOverrides("""{ "gpt-4o": { "training": -1 } }""", out _, out _));
    }
}
