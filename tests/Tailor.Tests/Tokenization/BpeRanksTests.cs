using System.Text;
using Tailor.Tokenization;

namespace Tailor.Tests.Tokenization;

/// <summary>Loading .tiktoken rank files, and clear errors for malformed ones.</summary>
public sealed class BpeRanksTests
{
    [Fact]
    public void Parses_a_rank_file_and_looks_up_byte_sequences()
    {
        var ranks = BpeRanks.Parse(TinyVocabulary.Bytes, "tiny");
        Assert.Equal(260, ranks.Count);
        Assert.Equal(256, ranks.TryGetRank("ab"u8));
        Assert.Equal(259, ranks.TryGetRank(" ab"u8));
        Assert.Equal((int)'z', ranks.TryGetRank("z"u8));
        Assert.Equal(-1, ranks.TryGetRank("abcd"u8));
        Assert.Equal("abc"u8.ToArray(), ranks.GetBytes(257).ToArray());
    }

    [Fact]
    public void Accepts_crlf_line_endings_and_a_missing_final_newline()
    {
        var text = TinyVocabulary.Content().Replace("\n", "\r\n").TrimEnd();
        Assert.Equal(260, BpeRanks.Parse(Encoding.UTF8.GetBytes(text), "crlf").Count);
    }

    [Theory]
    [InlineData("not-base64! 300\n", "line 261", "base64")]
    [InlineData("YWJjZA== x\n", "line 261", "rank")]
    [InlineData("YWJjZA==\n", "line 261", "<base64 token> <rank>")]
    [InlineData("YWJjZA== 1 2\n", "line 261", "<base64 token> <rank>")]
    [InlineData("YWJjZA== 256\n", "rank 256", "twice")]
    [InlineData("YWI= 300\n", "same token twice", "corrupt")]
    public void Malformed_files_are_rejected_with_the_line_and_the_reason(string extra, string where, string why)
    {
        var content = Encoding.UTF8.GetBytes(TinyVocabulary.Content(extra));
        Assert.False(BpeRanks.TryParse(content, out var ranks, out var error));
        Assert.Null(ranks);
        Assert.Contains(where, error);
        Assert.Contains(why, error);
        var ex = Assert.Throws<TailorException>(() => BpeRanks.Parse(content, "some/file.tiktoken"));
        Assert.Contains("some/file.tiktoken", ex.Message);
        Assert.Contains(where, ex.Message);
    }

    [Fact]
    public void A_file_missing_a_single_byte_is_rejected()
    {
        var lines = TinyVocabulary.Content().Split('\n').Where(l => !l.EndsWith(" 65", StringComparison.Ordinal));
        Assert.False(BpeRanks.TryParse(Encoding.UTF8.GetBytes(string.Join('\n', lines)), out _, out var error));
        Assert.Contains("0x41", error);
    }

    [Fact]
    public void Empty_and_unreadable_files_give_clear_errors()
    {
        Assert.False(BpeRanks.TryParse([], out _, out var error));
        Assert.Contains("no tokens", error);
        var ex = Assert.Throws<TailorException>(() => BpeRanks.Load(Path.Combine(Path.GetTempPath(), "no-such-dir-" + Guid.NewGuid(), "x.tiktoken")));
        Assert.Contains("Cannot read the vocabulary file", ex.Message);
    }

    [Fact]
    public void The_shared_files_have_the_published_hashes()
    {
        foreach (var encoding in TokenEncoding.BuiltIn)
        {
            var bytes = File.ReadAllBytes(Path.Combine(Tailor.Testing.RepoPaths.Tokenizers, encoding.FileName));
            Assert.Equal(encoding.Sha256, BpeRanks.Sha256Hex(bytes));
        }
    }

    [Fact]
    public void An_encoding_with_another_pattern_uses_the_regex_path()
    {
        var tokenizer = new Tokenizer(TinyVocabulary.Encoding(), BpeRanks.Parse(TinyVocabulary.Bytes, "tiny"));
        Assert.Equal([257, 259], tokenizer.EncodeOrdinary("abc ab"));
        Assert.Equal([256, 'd'], tokenizer.EncodeOrdinary("abd"));
        Assert.Equal([256, 1000, 'c'], tokenizer.Encode("ab<|end|>c", tokenizer.AllSpecialTokens));
        Assert.Equal("ab<|end|>c", tokenizer.Decode([256, 1000, 'c']));
    }

    [Fact]
    public void A_special_token_that_collides_with_an_ordinary_rank_is_rejected()
    {
        var encoding = TinyVocabulary.Encoding() with { SpecialTokens = new Dictionary<string, int> { ["<|end|>"] = 256 } };
        var ex = Assert.Throws<TailorException>(() => new Tokenizer(encoding, BpeRanks.Parse(TinyVocabulary.Bytes, "tiny")));
        Assert.Contains("<|end|>", ex.Message);
    }
}
