using Tailor.Testing;
using Tailor.Tokenization;

namespace Tailor.Tests.Tokenization;

/// <summary>Model → encoding map and the price table's cost math.</summary>
public sealed class ModelPricingTests
{
    [Theory]
    [InlineData("gpt-4o", "o200k_base")]
    [InlineData("gpt-4o-mini", "o200k_base")]
    [InlineData("gpt-4o-2024-08-06", "o200k_base")]
    [InlineData("GPT-4.1", "o200k_base")]
    [InlineData("gpt-4.1-nano", "o200k_base")]
    [InlineData("gpt-5", "o200k_base")]
    [InlineData("gpt-5-mini", "o200k_base")]
    [InlineData("o1", "o200k_base")]
    [InlineData("o1-mini", "o200k_base")]
    [InlineData("o3-mini", "o200k_base")]
    [InlineData("o4-mini", "o200k_base")]
    [InlineData("o4-mini-2025-04-16", "o200k_base")]
    [InlineData("ft:gpt-4o-mini-2024-07-18:org::abc", "o200k_base")]
    [InlineData("openai/gpt-4o", "o200k_base")]
    [InlineData("gpt-4", "cl100k_base")]
    [InlineData("gpt-4-0613", "cl100k_base")]
    [InlineData("gpt-4-turbo", "cl100k_base")]
    [InlineData("gpt-3.5-turbo", "cl100k_base")]
    [InlineData("gpt-3.5-turbo-0125", "cl100k_base")]
    [InlineData("gpt-35-turbo", "cl100k_base")]
    [InlineData("text-embedding-3-small", "cl100k_base")]
    [InlineData("text-embedding-3-large", "cl100k_base")]
    [InlineData("text-embedding-ada-002", "cl100k_base")]
    [InlineData("ft:gpt-3.5-turbo-0613:org::x", "cl100k_base")]
    public void Models_map_to_their_encoding(string model, string encoding)
    {
        Assert.True(ModelEncodings.TryGetEncoding(model, out var actual));
        Assert.Equal(encoding, actual);
    }

    [Theory]
    [InlineData("llama-3")]
    [InlineData("gpt-4x")]
    [InlineData("")]
    public void Unknown_models_are_reported(string model)
    {
        Assert.False(ModelEncodings.TryGetEncoding(model, out _));
        var ex = Assert.Throws<TailorException>(() => ModelEncodings.GetEncoding(model));
        Assert.Contains("--encoding", ex.Message);
    }

    [Theory]
    [InlineData("gpt-4o", 1_000_000, 0, "2.50")]
    [InlineData("gpt-4o", 1234, 0, "0.003085")]
    [InlineData("gpt-4o", 1000, 500, "0.0075")]
    [InlineData("gpt-4o-2024-08-06", 2_000_000, 0, "5.00")]
    [InlineData("gpt-4o-mini-2024-07-18", 1_000_000, 1_000_000, "0.75")]
    [InlineData("text-embedding-3-small", 50_000_000, 0, "1.00")]
    [InlineData("gpt-4-0613", 1000, 1000, "0.09")]
    public void Cost_is_tokens_times_price_per_million(string model, long input, long output, string expected)
    {
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), PriceTable.Default.EstimateCost(model, input, output));
    }

    [Fact]
    public void A_price_file_overrides_and_extends_the_table()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("prices.json", """
            { // comments are allowed
              "gpt-4o": { "input": 1.25, "output": 5 },
              "My-Local-Model": { "input": 0, "output": 0.5 },
            }
            """);
        var table = PriceTable.Load(path);
        // an override without a training price keeps the table's
        Assert.Equal(new ModelPrice(1.25m, 5m) { TrainingPerMillion = 25m }, table.GetPrice("gpt-4o"));
        Assert.Equal(new ModelPrice(1.25m, 5m) { TrainingPerMillion = 25m }, table.GetPrice("gpt-4o-2024-11-20"));
        Assert.Equal(0.5m, table.EstimateCost("my-local-model", 1_000_000, 1_000_000));
        Assert.Equal(PriceTable.Default.GetPrice("gpt-4.1"), table.GetPrice("gpt-4.1"));
        Assert.Equal(new ModelPrice(2.50m, 10m) { TrainingPerMillion = 25m }, PriceTable.Default.GetPrice("gpt-4o"));
        Assert.Same(PriceTable.Default, PriceTable.Resolve(null));
    }

    [Theory]
    [InlineData("[1, 2]", "not an object")]
    [InlineData("{ \"m\": { \"input\": 1 } }", "\"m\"")]
    [InlineData("{ \"m\": { \"input\": -1, \"output\": 1 } }", "\"m\"")]
    [InlineData("{ \"m\": ", "invalid JSON")]
    public void Malformed_price_files_name_the_file_and_the_problem(string json, string problem)
    {
        using var dir = new TempDirectory();
        var path = dir.Write("prices.json", json);
        var ex = Assert.Throws<TailorException>(() => PriceTable.Load(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains(problem, ex.Message);
    }

    [Fact]
    public void A_model_without_a_price_is_an_error_that_says_how_to_add_one()
    {
        var ex = Assert.Throws<TailorException>(() => PriceTable.Default.GetPrice("llama-3"));
        Assert.Contains("--prices", ex.Message);
    }
}
