using Tailor.Tokenization;

namespace Tailor.Tests.Tokenization;

/// <summary>Special tokens appear only when the caller allows them.</summary>
public sealed class SpecialTokenTests
{
    private const string Text = "hello <|endoftext|> world<|fim_prefix|>";

    [Fact]
    public void Encode_ordinary_never_produces_special_tokens()
    {
        var tokenizer = SharedTokenizers.Cl100k;
        var tokens = tokenizer.EncodeOrdinary(Text);
        Assert.DoesNotContain(100257, tokens);
        Assert.DoesNotContain(100258, tokens);
        Assert.Equal(Text, tokenizer.Decode(tokens));
    }

    [Fact]
    public void Encode_with_an_allowed_set_recognizes_only_those_tokens()
    {
        var tokenizer = SharedTokenizers.Cl100k;
        var tokens = tokenizer.Encode(Text, new HashSet<string> { "<|endoftext|>" });
        Assert.Single(tokens, t => t == 100257);
        Assert.DoesNotContain(100258, tokens);
        var expected = tokenizer.EncodeOrdinary("hello ").Append(100257).Concat(tokenizer.EncodeOrdinary(" world<|fim_prefix|>")).ToArray();
        Assert.Equal(expected, tokens);
        Assert.Equal(Text, tokenizer.Decode(tokens));
    }

    [Fact]
    public void Encode_with_all_special_tokens_recognizes_each_of_them()
    {
        var tokenizer = SharedTokenizers.O200k;
        var tokens = tokenizer.Encode("<|endoftext|>a<|endofprompt|><|endoftext|>", tokenizer.AllSpecialTokens);
        Assert.Equal(new[] { 199999 }.Concat(tokenizer.EncodeOrdinary("a")).Concat([200018, 199999]).ToArray(), tokens);
        Assert.Equal("<|endoftext|>a<|endofprompt|><|endoftext|>", tokenizer.Decode(tokens));
    }

    [Fact]
    public void Adjacent_and_repeated_special_tokens_are_all_found()
    {
        var tokenizer = SharedTokenizers.Cl100k;
        var text = "<|endoftext|><|endoftext|>x<|fim_prefix|><|endoftext|><|fim_suffix|";
        var tokens = tokenizer.Encode(text, tokenizer.AllSpecialTokens);
        var expected = new[] { 100257, 100257 }.Concat(tokenizer.EncodeOrdinary("x")).Concat([100258, 100257]).Concat(tokenizer.EncodeOrdinary("<|fim_suffix|")).ToArray();
        Assert.Equal(expected, tokens);
        Assert.Equal(text, tokenizer.Decode(tokens));
    }

    [Fact]
    public void Encode_with_an_empty_set_equals_encode_ordinary()
    {
        var tokenizer = SharedTokenizers.Cl100k;
        Assert.Equal(tokenizer.EncodeOrdinary(Text), tokenizer.Encode(Text, new HashSet<string>()));
    }

    [Fact]
    public void Allowing_an_unknown_special_token_is_an_error_that_lists_the_real_ones()
    {
        var ex = Assert.Throws<TailorException>(() => SharedTokenizers.O200k.Encode("x", new HashSet<string> { "<|fim_prefix|>" }));
        Assert.Contains("<|endoftext|>", ex.Message);
    }

    [Theory]
    [InlineData("cl100k_base")]
    [InlineData("o200k_base")]
    public void Built_in_definitions_match_the_shared_meta_files(string encoding)
    {
        var path = Path.Combine(Tailor.Testing.RepoPaths.Tokenizers, encoding + ".meta.json");
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
        var builtIn = TokenEncoding.GetBuiltIn(encoding);
        Assert.Equal(doc.RootElement.GetProperty("pat_str").GetString(), builtIn.Pattern);
        var specials = doc.RootElement.GetProperty("special_tokens").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        Assert.Equal(specials.OrderBy(p => p.Key), builtIn.SpecialTokens.OrderBy(p => p.Key));
    }
}
