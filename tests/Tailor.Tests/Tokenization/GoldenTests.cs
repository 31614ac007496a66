using Tailor.Tokenization;

namespace Tailor.Tests.Tokenization;

/// <summary>Token-for-token equality with tiktoken on every line of the shared golden file.</summary>
public sealed class GoldenTests
{
    [Theory]
    [InlineData("cl100k_base")]
    [InlineData("o200k_base")]
    public void EncodeOrdinary_matches_tiktoken_on_every_golden_line(string encoding)
    {
        var tokenizer = SharedTokenizers.Get(encoding);
        var cases = SharedTokenizers.Golden.Where(c => c.Encoding == encoding).ToList();
        Assert.True(cases.Count >= 50, $"expected the golden file to hold many {encoding} cases, found {cases.Count}");
        foreach (var c in cases)
        {
            var actual = tokenizer.EncodeOrdinary(c.Text);
            if (!actual.AsSpan().SequenceEqual(c.Tokens))
            {
                Assert.Fail($"{encoding} differs from tiktoken on text {System.Text.Json.JsonSerializer.Serialize(c.Text)}\n expected [{string.Join(", ", c.Tokens)}]\n actual   [{string.Join(", ", actual)}]");
            }
        }
    }

    [Theory]
    [InlineData("cl100k_base")]
    [InlineData("o200k_base")]
    public void Count_span_and_utf8_paths_agree_with_golden(string encoding)
    {
        var tokenizer = SharedTokenizers.Get(encoding);
        foreach (var c in SharedTokenizers.Golden.Where(c => c.Encoding == encoding))
        {
            Assert.Equal(c.Tokens.Length, tokenizer.CountTokens(c.Text));
            Assert.Equal(c.Tokens.Length, tokenizer.CountTokensUtf8(System.Text.Encoding.UTF8.GetBytes(c.Text)));
            var utf8 = new List<int>();
            tokenizer.EncodeOrdinaryUtf8(System.Text.Encoding.UTF8.GetBytes(c.Text), utf8);
            Assert.Equal(c.Tokens, utf8);
            var span = new int[c.Tokens.Length];
            Assert.True(tokenizer.TryEncodeOrdinary(c.Text, span, out int written));
            Assert.Equal(c.Tokens.Length, written);
            Assert.Equal(c.Tokens, span);
        }
    }

    [Theory]
    [InlineData("cl100k_base")]
    [InlineData("o200k_base")]
    public void Decoding_golden_tokens_gives_back_the_text(string encoding)
    {
        var tokenizer = SharedTokenizers.Get(encoding);
        foreach (var c in SharedTokenizers.Golden.Where(c => c.Encoding == encoding))
            Assert.Equal(c.Text, tokenizer.Decode(c.Tokens));
    }

    [Fact]
    public void Concurrent_encoding_through_one_shared_cache_stays_exact()
    {
        // A fresh tokenizer (empty piece cache) used from several threads at once.
        var tokenizer = new Tokenizer(TokenEncoding.Cl100kBase, SharedTokenizers.Cl100k.Ranks);
        var cases = SharedTokenizers.Golden.Where(c => c.Encoding == "cl100k_base").ToArray();
        int mismatches = 0;
        Parallel.For(0, cases.Length * 20, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var c = cases[i % cases.Length];
            if (!tokenizer.EncodeOrdinary(c.Text).AsSpan().SequenceEqual(c.Tokens)) Interlocked.Increment(ref mismatches);
        });
        Assert.Equal(0, mismatches);
    }
}
