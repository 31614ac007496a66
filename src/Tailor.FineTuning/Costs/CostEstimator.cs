using Tailor.Tokenization;

namespace Tailor.FineTuning.Costs;

/// <summary>Estimates a fine-tuning job's billed tokens and cost from the token count of each example.</summary>
public static class CostEstimator
{
    /// <summary>
    /// The estimate for <paramref name="tokensPerExample"/> on <paramref name="model"/>;
    /// <paramref name="epochs"/> null applies <see cref="EpochRule"/>.
    /// </summary>
    public static CostEstimate Estimate(IReadOnlyList<int> tokensPerExample, string model, int tokenLimit, int? epochs, PriceTable prices)
    {
        if (epochs is < 1 or > 50) throw new TailorException($"--epochs {epochs} is out of range; OpenAI accepts 1 to 50.");
        int n = tokensPerExample.Count;
        int chosen = epochs ?? EpochRule.DefaultEpochs(n);
        long total = 0, billable = 0;
        foreach (var t in tokensPerExample)
        {
            total += t;
            billable += Math.Min(tokenLimit, t);
        }
        long billed = billable * chosen;
        decimal? price = prices.TryGetPrice(model, out var p) ? p!.TrainingPerMillion : null;
        decimal? cost = price is { } perMillion ? billed * perMillion / 1_000_000m : null;
        return new CostEstimate(model, n, chosen, epochs is null, tokenLimit, total, billable, billed, price, cost);
    }
}
