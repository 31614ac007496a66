using System.Text;
using Tailor.Testing;
using Tailor.Tokenization;

namespace Tailor.Tests.Tokenization;

/// <summary>The vocabularies that ship with Tailor: the published files, byte for byte, found without any folder or network.</summary>
public sealed class BundledVocabularyTests
{
    [Theory]
    [InlineData("cl100k_base")]
    [InlineData("o200k_base")]
    public void The_bundled_file_is_the_published_one(string name)
    {
        var encoding = TokenEncoding.GetBuiltIn(name);
        Assert.True(BundledVocabulary.TryRead(encoding, out var content, out var problem), problem);
        Assert.Equal(File.ReadAllBytes(Path.Combine(RepoPaths.Tokenizers, encoding.FileName)), content);
    }

    [Theory]
    [InlineData("cl100k_base")]
    [InlineData("o200k_base")]
    public void Without_folders_or_network_the_bundled_file_is_used_and_matches_tiktoken(string name)
    {
        using var root = new TempDirectory();
        var source = new VocabularySource { CacheDirectory = root.File("cache"), AllowDownload = false };
        var encoding = TokenEncoding.GetBuiltIn(name);

        var path = source.Resolve(encoding);

        Assert.Equal(root.File(Path.Combine("cache", encoding.FileName)), path); // extracted once into the cache
        Assert.Single(Directory.GetFiles(root.File("cache")));
        var tokenizer = TokenizerRegistry.Get(encoding, source);
        foreach (var c in SharedTokenizers.Golden.Where(c => c.Encoding == name))
            Assert.Equal(c.Tokens, tokenizer.EncodeOrdinary(c.Text));
    }

    [Fact]
    public void Chunking_on_a_fresh_offline_machine_counts_exactly()
    {
        using var root = new TempDirectory();
        var source = new VocabularySource { CacheDirectory = root.File("cache"), AllowDownload = false };
        var counter = TokenCounters.ForChunking(source, _ => Assert.Fail("no estimate notice expected"), out bool estimated);
        Assert.False(estimated);
        Assert.Equal("cl100k_base", counter.Name);
        Assert.Equal(4, counter.CountTokens("Hello, world!"));
    }

    [Fact]
    public void The_packaged_layout_becomes_token_rank_lines()
    {
        Assert.True(BundledVocabulary.TryConvert("Capacity: 3\r\nIQ==\r\nIg==\r\nIw==\r\n"u8, out var converted, out _));
        Assert.Equal("IQ== 0\nIg== 1\nIw== 2\n", Encoding.ASCII.GetString(converted!));
        Assert.False(BundledVocabulary.TryConvert("IQ== 0\nIg== 1\n"u8, out _, out var noHeader));
        Assert.Contains("Capacity", noHeader);
        Assert.False(BundledVocabulary.TryConvert("Capacity: 2\r\nIQ== 0\r\n"u8, out _, out var space));
        Assert.Contains("line 2", space);
    }

    [Fact]
    public void An_encoding_without_a_bundled_file_says_so()
    {
        Assert.False(BundledVocabulary.TryRead(TinyVocabulary.Encoding(), out var content, out var problem));
        Assert.Null(content);
        Assert.Contains("tiny", problem);
    }
}
