using Tailor.Chat;

namespace Tailor.Tests.Chat;

public class ModelContextWindowsTests
{
    [Theory]
    [InlineData("gpt-4o", 128_000)]
    [InlineData("gpt-4o-mini", 128_000)]
    [InlineData("gpt-4o-2024-08-06", 128_000)]
    [InlineData("gpt-4.1", 1_047_576)]
    [InlineData("gpt-4.1-nano", 1_047_576)]
    [InlineData("o3-mini", 200_000)]
    [InlineData("o4-mini", 200_000)]
    [InlineData("gpt-3.5-turbo", 16_385)]
    [InlineData("gpt-4", 8_192)]
    [InlineData("llama3", 8_192)]
    [InlineData("llama3:8b", 8_192)]
    [InlineData("llama3.1:8b", 131_072)]
    [InlineData("llama3.2", 131_072)]
    [InlineData("mistral:7b", 32_768)]
    [InlineData("qwen2.5:14b", 32_768)]
    [InlineData("openai/gpt-4o-mini", 128_000)]
    [InlineData("ft:gpt-4o-mini:acme::abc", 128_000)]
    public void Known_models_have_their_windows(string model, int window)
    {
        Assert.True(ModelContextWindows.TryGet(model, out int got));
        Assert.Equal(window, got);
        Assert.Equal(window, ModelContextWindows.For(model));
    }

    [Theory]
    [InlineData("my-local-model")]
    [InlineData("o10")]
    [InlineData("")]
    public void Unknown_models_get_the_default(string model)
    {
        Assert.False(ModelContextWindows.TryGet(model, out _));
        Assert.Equal(ModelContextWindows.Default, ModelContextWindows.For(model));
    }

    [Fact]
    public void An_override_wins_and_must_be_positive()
    {
        Assert.Equal(2_048, ModelContextWindows.For("gpt-4o", 2_048));
        Assert.Throws<TailorException>(() => ModelContextWindows.For("gpt-4o", 0));
    }
}
