using Tailor.Retrieval;
using Tailor.Testing;

namespace Tailor.Tests.Indexes;

/// <summary>The HNSW vector index of a knowledge base past its threshold: built, persisted, checked, repaired.</summary>
public sealed class VectorIndexStoreTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private static readonly string[] Vocabulary =
    [
        "budget", "invoice", "expense", "finance", "audit", "kernel", "compiler", "linker", "debugger", "binary",
        "garden", "tomato", "compost", "seedling", "harvest", "violin", "orchestra", "concert", "symphony", "rehearsal",
        "glacier", "volcano", "tectonic", "erosion", "sediment", "recipe", "oven", "flour", "dough", "bakery",
    ];

    /// <summary><paramref name="count"/> documents of pseudo-random words (fixed seed), a few topics mixed per document.</summary>
    private string WriteCorpus(int count, int first = 0)
    {
        var random = new Random(7 + first);
        for (int i = first; i < first + count; i++)
        {
            int topic = random.Next(6);
            var words = Enumerable.Range(0, 40).Select(_ => Vocabulary[random.Next(4) == 0 ? random.Next(Vocabulary.Length) : topic * 5 + random.Next(5)]);
            _temp.Write($"corpus/doc{i:D3}.md", $"# Doc {i}\n\n{string.Join(' ', words)}.\n");
        }
        return _temp.File("corpus");
    }

    private static KnowledgeBaseOptions WithThreshold(int threshold) => new() { Retrieval = new RetrievalOptions { HnswThreshold = threshold } };

    private string[] IndexFiles(string kb) => Directory.GetFiles(kb, "vectors-*.hnsw");

    private static readonly string[] Queries = ["budget audit", "compiler kernel", "tomato harvest", "violin concert", "volcano glacier", "bakery dough", "finance orchestra", "seedling erosion"];

    [Fact]
    public async Task Past_the_threshold_search_uses_a_persisted_hnsw_index_that_agrees_with_flat_search()
    {
        var corpus = WriteCorpus(120);
        var hnswDir = _temp.File("hnsw");
        var flatDir = _temp.File("flat");
        using var hnsw = KnowledgeBase.Open(hnswDir, WithThreshold(50));
        using var flat = KnowledgeBase.Open(flatDir, WithThreshold(int.MaxValue));
        await hnsw.IngestAsync([corpus]);
        await flat.IngestAsync([corpus]);
        Assert.Single(IndexFiles(hnswDir));
        Assert.Empty(IndexFiles(flatDir));

        int found = 0, total = 0;
        foreach (var q in Queries)
        {
            var expected = (await flat.SearchAsync(q, new SearchOptions { K = 10, Mode = SearchMode.Vector })).Hits.Select(h => h.DocumentId).ToHashSet();
            var actual = (await hnsw.SearchAsync(q, new SearchOptions { K = 10, Mode = SearchMode.Vector })).Hits.Select(h => h.DocumentId).ToList();
            Assert.Equal(10, actual.Count);
            found += actual.Count(expected.Contains);
            total += expected.Count;
        }
        Assert.True(found >= 0.95 * total, $"recall@10 of the knowledge base's HNSW index against flat search: {found}/{total}");

        // a fresh instance loads the file instead of rebuilding
        var file = IndexFiles(hnswDir)[0];
        var written = File.GetLastWriteTimeUtc(file);
        using (var reopened = KnowledgeBase.OpenExisting(hnswDir))
            Assert.Equal(10, (await reopened.SearchAsync("budget", new SearchOptions { Mode = SearchMode.Vector })).Hits.Count);
        Assert.Equal(written, File.GetLastWriteTimeUtc(file));
        Assert.True(hnsw.Check().Ok);
    }

    [Fact]
    public async Task A_graph_built_on_several_threads_holds_every_chunk_once_and_finds_what_flat_search_finds()
    {
        // Past 2,048 new vectors the graph is built by parallel insertion: from scratch, then for the difference
        // (3,000 + 2,100 chunks stays below the doubling that would retrain the built-in embedder and rebuild from scratch).
        var corpus = WriteCorpus(3_000);
        var options = new KnowledgeBaseOptions { Retrieval = new RetrievalOptions { HnswThreshold = 50, HnswBuildThreads = 2 } };
        var dir = _temp.File("parallel");
        using var kb = KnowledgeBase.Open(dir, options);
        using var flat = KnowledgeBase.Open(_temp.File("parallel-flat"), WithThreshold(int.MaxValue));
        await kb.IngestAsync([corpus]);
        await flat.IngestAsync([corpus]);
        var before = IndexFiles(dir).Single();
        WriteCorpus(2_100, first: 3_000);
        await kb.IngestAsync([corpus]);
        await flat.IngestAsync([corpus]);
        var after = IndexFiles(dir).Single();
        Assert.NotEqual(before, after);
        // same model tag (no retrain): the new file was built from the old one plus the difference
        Assert.Equal(before[before.LastIndexOf('-')..], after[after.LastIndexOf('-')..]);
        var check = kb.Check();
        Assert.True(check.Ok, string.Join("; ", check.Problems));

        // Many chunks tie on score (a 30-word vocabulary), so a hit counts as found when it scores as high as flat search's 10th.
        int found = 0, total = 0;
        foreach (var q in Queries)
        {
            var expected = (await flat.SearchAsync(q, new SearchOptions { K = 10, Mode = SearchMode.Vector })).Hits;
            var actual = (await kb.SearchAsync(q, new SearchOptions { K = 10, Mode = SearchMode.Vector })).Hits;
            Assert.Equal(actual.Count, actual.Select(h => h.ChunkId).Distinct().Count());
            double tenth = expected[^1].Score;
            found += actual.Count(h => h.Score >= tenth - 1e-6);
            total += expected.Count;
        }
        Assert.True(found >= 0.9 * total, $"recall@10 of the parallel-built graph against flat search: {found}/{total}");
    }

    [Fact]
    public void Build_threads_out_of_range_are_refused_with_the_option_named()
    {
        var ex = Assert.Throws<TailorException>(() => new RetrievalOptions { HnswBuildThreads = -1 }.Validate());
        Assert.Contains("retrieval.hnswBuildThreads", ex.Message);
    }

    [Fact]
    public async Task Deleted_documents_never_come_back_and_the_index_file_follows_the_database()
    {
        var corpus = WriteCorpus(100);
        var dir = _temp.File("kb");
        using var kb = KnowledgeBase.Open(dir, WithThreshold(50));
        await kb.IngestAsync([corpus]);
        var before = IndexFiles(dir).Single();
        var deleted = Enumerable.Range(0, 100).Where(i => i % 3 == 0).Select(i => $"doc{i:D3}.md").ToList();
        Assert.Equal(deleted.Count, await kb.DeleteAsync(deleted));

        var after = IndexFiles(dir).Single();
        Assert.NotEqual(before, after); // named after the new generation; the old file is gone
        foreach (var q in Queries)
        {
            var hits = (await kb.SearchAsync(q, new SearchOptions { K = 100, Mode = SearchMode.Vector })).Hits;
            Assert.Equal(100 - deleted.Count, hits.Count);
            Assert.DoesNotContain(hits, h => deleted.Contains(h.DocumentId));
        }
        using (var reopened = KnowledgeBase.OpenExisting(dir))
        {
            var hits = (await reopened.SearchAsync("budget", new SearchOptions { K = 100, Mode = SearchMode.Vector })).Hits;
            Assert.DoesNotContain(hits, h => deleted.Contains(h.DocumentId));
            Assert.True(reopened.Check().Ok);
        }

        // below the threshold again: flat search, and no stale graph file left behind
        await kb.DeleteAsync(Enumerable.Range(0, 100).Where(i => i % 3 != 0).Take(30).Select(i => $"doc{i:D3}.md").ToList());
        Assert.Empty(IndexFiles(dir));
        Assert.Equal(100 - deleted.Count - 30, (await kb.SearchAsync("budget", new SearchOptions { K = 100, Mode = SearchMode.Vector })).Hits.Count);
    }

    [Fact]
    public async Task A_corrupted_index_file_is_detected_by_check_and_rebuilt()
    {
        var corpus = WriteCorpus(80);
        var dir = _temp.File("kb");
        List<string> expected;
        using (var kb = KnowledgeBase.Open(dir, WithThreshold(50)))
        {
            await kb.IngestAsync([corpus]);
            expected = (await kb.SearchAsync("violin concert", new SearchOptions { Mode = SearchMode.Vector })).Hits.Select(h => h.DocumentId).ToList();
        }
        var file = IndexFiles(dir).Single();
        var bytes = File.ReadAllBytes(file);
        for (int i = bytes.Length / 2; i < bytes.Length / 2 + 64; i++) bytes[i] ^= 0x5A;
        File.WriteAllBytes(file, bytes);

        using (var kb = KnowledgeBase.OpenExisting(dir))
        {
            var report = kb.Check();
            Assert.False(report.Ok);
            Assert.Contains(report.Problems, p => p.Contains(Path.GetFileName(file), StringComparison.Ordinal) && p.Contains("damaged", StringComparison.Ordinal));
            var repaired = kb.Check(repair: true);
            Assert.True(repaired.Ok, string.Join("; ", repaired.Problems));
            Assert.Contains(repaired.Repaired, r => r.Contains("vector index", StringComparison.Ordinal));
            Assert.True(kb.Check().Ok);
        }

        // damaged again: a search detects it, rebuilds the graph and saves a good file
        File.WriteAllBytes(file, bytes);
        using (var kb = KnowledgeBase.OpenExisting(dir))
        {
            var hits = (await kb.SearchAsync("violin concert", new SearchOptions { Mode = SearchMode.Vector })).Hits.Select(h => h.DocumentId).ToList();
            Assert.Equal(expected, hits);
            Assert.True(kb.Check().Ok);
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }
}
