using System.Buffers.Binary;
using Tailor.Lexical;
using Tailor.Testing;

namespace Tailor.Tests.Lexical;

public class LexicalIndexFileTests
{
    private static readonly LexicalOptions Options = new();

    private static LexicalIndex Sample()
    {
        var analyzer = new Analyzer(Options);
        var index = new LexicalIndex(Options);
        string[] texts =
        [
            "The Dewey Decimal Classification organizes library collections by subject.",
            "Automatic indexing of scientific documents with statistical term weights.",
            "Library catalogs: subject headings, classification and retrieval of books.",
            "Citation indexing connects scientific papers through their references.",
            "Relevance feedback improves retrieval by reweighting query terms. Ünïcödé 東京",
        ];
        for (int i = 0; i < texts.Length; i++) index.Add(1000 + i * 17, analyzer.Analyze(texts[i]));
        return index;
    }

    private static readonly string[][] Queries =
    [
        ["librari", "classif"], ["index", "scientif", "document"], ["retriev"], ["ünïcödé", "東"], ["citat", "feedback", "term"],
    ];

    [Fact]
    public void Save_and_load_round_trip_fingerprint_and_results()
    {
        using var dir = new TempDirectory();
        var index = Sample();
        var path = dir.File("kb/lexical.tlx");
        index.Save(path);
        var loaded = LexicalIndex.Load(path, Options);
        Assert.Equal(index.Count, loaded.Count);
        Assert.Equal(index.Fingerprint(), loaded.Fingerprint());
        foreach (var q in Queries)
        {
            Assert.NotEmpty(index.Search(q, 10));
            Assert.Equal(index.Search(q, 10), loaded.Search(q, 10));
        }
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp*"));
    }

    [Fact]
    public void Save_drops_removed_chunks_and_the_loaded_index_accepts_more()
    {
        using var dir = new TempDirectory();
        var index = Sample();
        Assert.True(index.Remove(1017));
        var path = dir.File("lexical.tlx");
        index.Save(path);
        var loaded = LexicalIndex.Load(path, Options);
        Assert.False(loaded.Contains(1017));
        Assert.Equal(4, loaded.Count);
        Assert.Equal(index.Fingerprint(), loaded.Fingerprint());
        Assert.Equal(index.Search(["index"], 10), loaded.Search(["index"], 10));
        loaded.Add(5, ["index", "index"]);
        Assert.Equal(5, loaded.Search(["index"], 10)[0].ChunkId);
    }

    [Fact]
    public void Empty_index_round_trips()
    {
        using var dir = new TempDirectory();
        var path = dir.File("empty.tlx");
        new LexicalIndex(Options).Save(path);
        var loaded = LexicalIndex.Load(path, Options);
        Assert.Equal(0, loaded.Count);
        Assert.Equal(new LexicalIndex(Options).Fingerprint(), loaded.Fingerprint());
    }

    [Fact]
    public void Any_flipped_byte_is_detected()
    {
        using var dir = new TempDirectory();
        var path = dir.File("lexical.tlx");
        Sample().Save(path);
        var original = File.ReadAllBytes(path);
        for (int at = 0; at < original.Length; at += Math.Max(1, original.Length / 40))
        {
            var damaged = (byte[])original.Clone();
            damaged[at] ^= 0x5A;
            File.WriteAllBytes(path, damaged);
            var e = Assert.Throws<TailorException>(() => LexicalIndex.Load(path, Options));
            Assert.Contains(path, e.Message);
            Assert.Contains("tailor check --repair", e.Message);
        }
    }

    [Fact]
    public void Flipped_payload_byte_reports_a_checksum_mismatch()
    {
        using var dir = new TempDirectory();
        var path = dir.File("lexical.tlx");
        Sample().Save(path);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 1;
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<TailorException>(() => LexicalIndex.Load(path, Options));
        Assert.Contains("checksum", e.Message);
    }

    [Fact]
    public void Other_format_version_is_rejected_with_both_versions_named()
    {
        using var dir = new TempDirectory();
        var path = dir.File("lexical.tlx");
        Sample().Save(path);
        var bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), 99);
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<TailorException>(() => LexicalIndex.Load(path, Options));
        Assert.Contains("version 99", e.Message);
        Assert.Contains("version 1", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Truncated_wrong_and_missing_files_are_rejected()
    {
        using var dir = new TempDirectory();
        var path = dir.File("lexical.tlx");
        Sample().Save(path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 7)]);
        Assert.Throws<TailorException>(() => LexicalIndex.Load(path, Options));
        File.WriteAllText(path, "not an index at all, just some text that is long enough");
        Assert.Contains("not a Tailor lexical index", Assert.Throws<TailorException>(() => LexicalIndex.Load(path, Options)).Message);
        File.WriteAllBytes(path, []);
        Assert.Throws<TailorException>(() => LexicalIndex.Load(path, Options));
        Assert.Contains("does not exist", Assert.Throws<TailorException>(() => LexicalIndex.Load(dir.File("missing.tlx"), Options)).Message);
    }

    [Fact]
    public void Index_built_with_other_analyzer_options_is_rejected()
    {
        using var dir = new TempDirectory();
        var path = dir.File("lexical.tlx");
        Sample().Save(path);
        var e = Assert.Throws<TailorException>(() => LexicalIndex.Load(path, Options with { Stem = false }));
        Assert.Contains("analyzer options", e.Message);
        // BM25 parameters are applied at search time, so they may differ.
        Assert.Equal(5, LexicalIndex.Load(path, Options with { K1 = 2, B = 0.2 }).Count);
    }

    [Fact]
    public void Large_index_spanning_many_checksum_blocks_round_trips()
    {
        using var dir = new TempDirectory();
        var index = new LexicalIndex(Options);
        var rng = new Random(3);
        for (int d = 1; d <= 20000; d++)
        {
            index.Add(d * 11L, Enumerable.Range(0, 12).Select(_ => "term" + rng.Next(5000)).ToList());
        }
        var path = dir.File("big.tlx");
        index.Save(path);
        Assert.True(new FileInfo(path).Length > 4 * 65536);
        var loaded = LexicalIndex.Load(path, Options);
        Assert.Equal(index.Fingerprint(), loaded.Fingerprint());
        Assert.Equal(index.Search(["term7", "term4999"], 20), loaded.Search(["term7", "term4999"], 20));
    }
}
