using System.Text;
using Tailor.Tokenization;

namespace Tailor.Tests.Tokenization;

/// <summary>decode(encode(x)) == x, lone surrogates, and invalid UTF-8 in decode, as tiktoken does them.</summary>
public sealed class RoundTripTests
{
    public static TheoryData<string> Encodings => new() { "cl100k_base", "o200k_base" };

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Decode_of_encode_returns_arbitrary_valid_unicode(string encoding)
    {
        var tokenizer = SharedTokenizers.Get(encoding);
        var random = new Random(42);
        var sb = new StringBuilder();
        for (int n = 0; n < 3000; n++)
        {
            sb.Clear();
            int length = random.Next(0, 60);
            for (int k = 0; k < length; k++)
            {
                int cp = random.Next(5) switch
                {
                    0 => random.Next(0x20, 0x7F),
                    1 => " \n\r\t'"[random.Next(5)],
                    2 => random.Next(0x80, 0x800),
                    3 => random.Next(0x800, 0x10000),
                    _ => random.Next(0x10000, 0x110000),
                };
                if (cp is >= 0xD800 and <= 0xDFFF) cp = 'x';
                sb.Append(char.ConvertFromUtf32(cp));
            }
            var text = sb.ToString();
            var tokens = tokenizer.EncodeOrdinary(text);
            Assert.Equal(text, tokenizer.Decode(tokens));
            Assert.Equal(Encoding.UTF8.GetBytes(text), tokenizer.DecodeBytes(tokens));
        }
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Long_runs_without_spaces_round_trip_and_match_the_short_merge(string encoding)
    {
        var tokenizer = SharedTokenizers.Get(encoding);
        foreach (var text in new[] { new string('a', 5000), string.Concat(Enumerable.Repeat("abc", 700)), new string(' ', 3000), string.Concat(Enumerable.Repeat("日本語", 300)), new string('!', 2000) + "\n" })
        {
            var tokens = tokenizer.EncodeOrdinary(text);
            Assert.Equal(text, tokenizer.Decode(tokens));
            var bytes = Encoding.UTF8.GetBytes(text);
            Assert.True(tokens.Length < bytes.Length / 2, "long runs must merge into multi-byte tokens");
            var viaShort = new int[bytes.Length];
            var viaLong = new int[bytes.Length];
            int a = BytePairMerger.MergeShort(tokenizer.Ranks, bytes, viaShort);
            int b = BytePairMerger.MergeLong(tokenizer.Ranks, bytes, viaLong);
            Assert.Equal(viaShort.AsSpan(0, a).ToArray(), viaLong.AsSpan(0, b).ToArray());
        }
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Lone_surrogates_encode_as_replacement_characters(string encoding)
    {
        var tokenizer = SharedTokenizers.Get(encoding);
        foreach (var (withSurrogates, replaced) in new[]
        {
            ("a\uD800b", "a\uFFFDb"),
            ("\uDC00", "\uFFFD"),
            ("x \uD83D", "x \uFFFD"),
            ("\uDE00\uD83D hello", "\uFFFD\uFFFD hello"),
            ("ok 👍 \uD83Dthen", "ok 👍 \uFFFDthen"),
        })
        {
            var tokens = tokenizer.EncodeOrdinary(withSurrogates);
            Assert.Equal(tokenizer.EncodeOrdinary(replaced), tokens);
            Assert.Equal(replaced, tokenizer.Decode(tokens));
            Assert.Equal(tokens.Length, tokenizer.CountTokens(withSurrogates));
        }
    }

    [Fact]
    public void Invalid_utf8_in_encode_utf8_is_replaced_like_a_string_would_be()
    {
        var tokenizer = SharedTokenizers.Cl100k;
        var list = new List<int>();
        tokenizer.EncodeOrdinaryUtf8([(byte)'a', 0xFF, (byte)'b', 0xE2, 0x82], list);
        Assert.Equal(tokenizer.EncodeOrdinary("a\uFFFDb\uFFFD"), list);
    }

    [Theory]
    // Expected strings are what Python's bytes.decode("utf-8", "replace") returns, which is what tiktoken's decode uses.
    [InlineData(new byte[] { 0xE2, 0x82 }, "\uFFFD")]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 }, "\uFFFD\uFFFD\uFFFD")]
    [InlineData(new byte[] { 0xF0, 0x9F }, "\uFFFD")]
    [InlineData(new byte[] { 0xFF, 0xFE }, "\uFFFD\uFFFD")]
    [InlineData(new byte[] { (byte)'a', 0xC3 }, "a\uFFFD")]
    [InlineData(new byte[] { 0xC0, 0xAF }, "\uFFFD\uFFFD")]
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 }, "\uFFFD\uFFFD\uFFFD\uFFFD")]
    [InlineData(new byte[] { 0xE0, 0x80, 0x80 }, "\uFFFD\uFFFD\uFFFD")]
    [InlineData(new byte[] { 0xF0, 0x9F, 0x91 }, "\uFFFD")]
    public void Decode_replaces_invalid_utf8_like_tiktoken(byte[] bytes, string expected)
    {
        var tokenizer = SharedTokenizers.O200k;
        var tokens = bytes.Select(b => tokenizer.Ranks.TryGetRank([b])).ToArray();
        Assert.Equal(expected, tokenizer.Decode(tokens));
        Assert.Equal(bytes, tokenizer.DecodeBytes(tokens));
    }

    [Fact]
    public void Decode_rejects_unknown_ids_with_a_clear_message()
    {
        var ex = Assert.Throws<TailorException>(() => SharedTokenizers.Cl100k.Decode([1, 2, 999_999]));
        Assert.Contains("999999", ex.Message);
        Assert.Contains("cl100k_base", ex.Message);
    }

    [Fact]
    public void Span_encoding_reports_the_size_needed_when_the_span_is_too_small()
    {
        var tokenizer = SharedTokenizers.Cl100k;
        var small = new int[2];
        Assert.False(tokenizer.TryEncodeOrdinary("The quick brown fox jumps over the lazy dog.", small, out int needed));
        Assert.Equal(10, needed);
        Assert.Equal([791, 4062], small);
    }
}
