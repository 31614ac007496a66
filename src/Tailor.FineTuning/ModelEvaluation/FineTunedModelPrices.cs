using Tailor.Tokenization;

namespace Tailor.FineTuning.ModelEvaluation;

/// <summary>
/// What answers of a fine-tuned model cost: an entry of the price table for the exact id (e.g. from
/// <c>--prices</c>) wins; else a fine-tuned id "ft:BASE:org:suffix:id" (and its checkpoints
/// "…:ckpt-step-N") is priced at OpenAI's published inference price for fine-tuned BASE models
/// (standard tier, US dollars per million tokens, 2025), which is higher than the base model's.
/// </summary>
public static class FineTunedModelPrices
{
    private static readonly Dictionary<string, ModelPrice> Inference = new(StringComparer.Ordinal)
    {
        ["gpt-4.1"] = new(3m, 12m),
        ["gpt-4.1-mini"] = new(0.80m, 3.20m),
        ["gpt-4.1-nano"] = new(0.20m, 0.80m),
        ["gpt-4o"] = new(3.75m, 15m),
        ["gpt-4o-mini"] = new(0.30m, 1.20m),
        ["gpt-3.5-turbo"] = new(3m, 6m),
        ["davinci-002"] = new(12m, 12m),
        ["babbage-002"] = new(1.60m, 1.60m),
    };

    /// <summary>The price of answers from <paramref name="model"/>, or null when neither the table nor the fine-tune rule knows it.</summary>
    public static ModelPrice? For(string model, PriceTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table.TryGetPrice(model, out var listed)) return listed;
        if (model.StartsWith("ft:", StringComparison.Ordinal))
        {
            var rest = model[3..];
            int colon = rest.IndexOf(':');
            var baseModel = (colon < 0 ? rest : rest[..colon]).ToLowerInvariant();
            // dated snapshots (gpt-4o-mini-2024-07-18) fall back to their base name, longest first
            foreach (var (name, price) in Inference.OrderByDescending(p => p.Key.Length))
                if (baseModel == name || baseModel.StartsWith(name + "-", StringComparison.Ordinal)) return price;
        }
        return null;
    }
}
