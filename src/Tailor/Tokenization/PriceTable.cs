using System.Text.Json;

namespace Tailor.Tokenization;

/// <summary>
/// Model prices for cost estimates: a built-in table of OpenAI's published standard prices,
/// which a JSON file can extend or override:
/// <c>{ "gpt-4o": { "input": 2.5, "output": 10, "training": 25 }, "my-model": { "input": 0.1, "output": 0.2 } }</c>
/// (US dollars per million tokens; "training" is the fine-tuning price per million trained tokens,
/// and an entry giving only "training" keeps the model's other prices). Dated snapshots fall back to their base model's price.
/// </summary>
public sealed class PriceTable
{
    /// <summary>Environment variable naming a price override file.</summary>
    public const string OverridesVariable = "TAILOR_PRICES";

    private readonly Dictionary<string, ModelPrice> _prices;

    private PriceTable(Dictionary<string, ModelPrice> prices) => _prices = prices;

    /// <summary>The built-in table (standard tier, US dollars per million tokens, as published in 2025). Prices change: override them with a file.</summary>
    public static PriceTable Default { get; } = new(new Dictionary<string, ModelPrice>(StringComparer.Ordinal)
    {
        ["gpt-5"] = new(1.25m, 10m),
        ["gpt-5-mini"] = new(0.25m, 2m),
        ["gpt-5-nano"] = new(0.05m, 0.40m),
        ["gpt-4.1"] = new(2m, 8m) { TrainingPerMillion = 25m },
        ["gpt-4.1-mini"] = new(0.40m, 1.60m) { TrainingPerMillion = 5m },
        ["gpt-4.1-nano"] = new(0.10m, 0.40m) { TrainingPerMillion = 1.50m },
        ["gpt-4o"] = new(2.50m, 10m) { TrainingPerMillion = 25m },
        ["gpt-4o-mini"] = new(0.15m, 0.60m) { TrainingPerMillion = 3m },
        ["o1"] = new(15m, 60m),
        ["o1-mini"] = new(1.10m, 4.40m),
        ["o1-pro"] = new(150m, 600m),
        ["o3"] = new(2m, 8m),
        ["o3-mini"] = new(1.10m, 4.40m),
        ["o3-pro"] = new(20m, 80m),
        ["o4-mini"] = new(1.10m, 4.40m),
        ["gpt-4-turbo"] = new(10m, 30m),
        ["gpt-4"] = new(30m, 60m),
        ["gpt-4-32k"] = new(60m, 120m),
        ["gpt-3.5-turbo"] = new(0.50m, 1.50m) { TrainingPerMillion = 8m },
        ["davinci-002"] = new(2m, 2m) { TrainingPerMillion = 6m },
        ["babbage-002"] = new(0.40m, 0.40m) { TrainingPerMillion = 0.40m },
        ["text-embedding-3-small"] = new(0.02m, 0m),
        ["text-embedding-3-large"] = new(0.13m, 0m),
        ["text-embedding-ada-002"] = new(0.10m, 0m),
    });

    /// <summary>Model names and their prices.</summary>
    public IReadOnlyDictionary<string, ModelPrice> Prices => _prices;

    /// <summary>The default table, overridden by <paramref name="overridesPath"/> when given, else by the file in <see cref="OverridesVariable"/> when set.</summary>
    public static PriceTable Resolve(string? overridesPath = null)
    {
        if (string.IsNullOrWhiteSpace(overridesPath)) overridesPath = Environment.GetEnvironmentVariable(OverridesVariable);
        return string.IsNullOrWhiteSpace(overridesPath) ? Default : Load(overridesPath);
    }

    /// <summary>The default table with the prices in the JSON file at <paramref name="path"/> added or replaced.</summary>
    public static PriceTable Load(string path)
    {
        string json;
        try { json = File.ReadAllText(path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TailorException($"Cannot read the price file {path}: {ex.Message}", ex);
        }
        if (TryParseOverrides(json, out var table, out var error)) return table!;
        throw new TailorException($"The price file {path} is malformed: {error}. Expected {{ \"model\": {{ \"input\": 2.5, \"output\": 10 }} }} in US dollars per million tokens.");
    }

    /// <summary>Parses override JSON on top of the default table.</summary>
    public static bool TryParseOverrides(string json, out PriceTable? table, out string? error)
    {
        table = null;
        var prices = new Dictionary<string, ModelPrice>(Default._prices, StringComparer.Ordinal);
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = "the top level is not an object";
                return false;
            }
            foreach (var model in doc.RootElement.EnumerateObject())
            {
                var name = ModelEncodings.Normalize(model.Name);
                prices.TryGetValue(name, out var known);
                bool hasTraining = model.Value.ValueKind == JsonValueKind.Object && model.Value.TryGetProperty("training", out _);
                decimal training = 0;
                if (model.Value.ValueKind != JsonValueKind.Object
                    || (hasTraining && !TryPrice(model.Value, "training", out training)))
                {
                    error = $"model \"{model.Name}\" needs non-negative numbers \"input\" and \"output\" (and optionally \"training\")";
                    return false;
                }
                bool onlyTraining = hasTraining && !model.Value.TryGetProperty("input", out _) && !model.Value.TryGetProperty("output", out _);
                decimal input = known?.InputPerMillion ?? 0, output = known?.OutputPerMillion ?? 0;
                if (!onlyTraining && (!TryPrice(model.Value, "input", out input) || !TryPrice(model.Value, "output", out output)))
                {
                    error = $"model \"{model.Name}\" needs non-negative numbers \"input\" and \"output\" (and optionally \"training\")";
                    return false;
                }
                prices[name] = new ModelPrice(input, output) { TrainingPerMillion = hasTraining ? training : known?.TrainingPerMillion };
            }
        }
        catch (JsonException ex)
        {
            error = "invalid JSON (" + ex.Message + ")";
            return false;
        }
        table = new PriceTable(prices);
        error = null;
        return true;
    }

    private static bool TryPrice(JsonElement obj, string name, out decimal value)
    {
        value = 0;
        return obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out value) && value >= 0;
    }

    /// <summary>The price of <paramref name="model"/>: its exact entry, else the longest entry that is a prefix followed by '-' (dated snapshots).</summary>
    public bool TryGetPrice(string model, out ModelPrice? price)
    {
        price = null;
        if (string.IsNullOrWhiteSpace(model)) return false;
        var name = ModelEncodings.Normalize(model);
        if (_prices.TryGetValue(name, out price)) return true;
        int best = -1;
        foreach (var (key, value) in _prices)
        {
            if (key.Length > best && name.Length > key.Length && name[key.Length] == '-' && name.StartsWith(key, StringComparison.Ordinal))
            {
                best = key.Length;
                price = value;
            }
        }
        return price != null;
    }

    /// <summary>The price of <paramref name="model"/>; throws <see cref="TailorException"/> when the table has none.</summary>
    public ModelPrice GetPrice(string model) =>
        TryGetPrice(model, out var p) ? p!
        : throw new TailorException($"No price is known for model '{model}'. Add it to a price file ({{ \"{model}\": {{ \"input\": 1.0, \"output\": 2.0 }} }}, US dollars per million tokens) and pass it with --prices FILE or {OverridesVariable}=FILE.");

    /// <summary>Estimated cost in US dollars.</summary>
    public decimal EstimateCost(string model, long inputTokens, long outputTokens = 0) => GetPrice(model).Cost(inputTokens, outputTokens);
}
