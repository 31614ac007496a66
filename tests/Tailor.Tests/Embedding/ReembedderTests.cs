using Tailor.Embedding;
using Tailor.Retrieval;
using Tailor.Storage;
using Tailor.Testing;

namespace Tailor.Tests.Embedding;

/// <summary>The reembed switch is atomic: a crash between the vectors' commit and the manifest leaves a consistent knowledge base.</summary>
public class ReembedderTests
{
    /// <summary>A deterministic stand-in for a server model: hashed words, L2-normalized.</summary>
    private sealed class HashedWordsEmbedder(string modelId, int dims) : IEmbedder
    {
        public string ModelId => modelId;
        public int Dimensions => dims;
        public int Calls;

        public Task<float[][]> EmbedDocumentsAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Calls);
            return Task.FromResult(texts.Select(Embed).ToArray());
        }

        public Task<float[]> EmbedQueryAsync(string text, CancellationToken cancellationToken = default) => Task.FromResult(Embed(text));

        private float[] Embed(string text)
        {
            var v = new float[dims];
            foreach (var w in text.ToLowerInvariant().Split(' ', '\n', '.', ','))
                if (w.Length > 0) v[(int)((uint)w.GetHashCode(StringComparison.Ordinal) % (uint)dims)] += 1;
            var norm = MathF.Sqrt(v.Sum(x => x * x));
            if (norm == 0) v[0] = 1;
            else for (int i = 0; i < dims; i++) v[i] /= norm;
            return v;
        }
    }

    private static string Handbook => Path.Combine(RepoPaths.Samples, "quickstart", "handbook");

    [Fact]
    public async Task A_crash_after_the_vectors_commit_but_before_the_manifest_keeps_the_old_embedder_and_check_reports_its_missing_vectors()
    {
        using var dir = new TempDirectory();
        var kbPath = dir.File("kb");
        using (var kb = KnowledgeBase.Open(kbPath)) await kb.IngestAsync([Handbook]);

        // what ReembedAsync does, stopped before the manifest is written
        var server = new HashedWordsEmbedder("hashed-32", 32);
        using (var store = SqliteStore.Open(Path.Combine(kbPath, KnowledgeBase.DatabaseFileName)))
        {
            var analyzer = new Tailor.Lexical.Analyzer(new Tailor.Lexical.LexicalOptions());
            var (info, chunks, _, sent) = await new Reembedder(store, analyzer.Analyze, new LsaOptions(), kbPath).RunAsync(server, null, default);
            Assert.Equal("hashed-32", info.Model);
            Assert.Equal(chunks, sent);
            Assert.Equal(chunks, store.CountEmbeddings("hashed-32"));
        }

        using (var kb = KnowledgeBase.OpenExisting(kbPath))
        {
            Assert.True(kb.Options.Embedder!.IsBuiltin); // the old embedder is still in effect
            var report = kb.Check();
            Assert.Equal(0, report.Embedded); // the built-in vectors were replaced: the chunks wait for an embedding
            Assert.False(report.Ok);
            Assert.Equal(report.Chunks, report.MissingEmbeddings);
            Assert.Contains(report.Problems, p => p.Contains("have no embedding", StringComparison.Ordinal));
            var repaired = kb.Check(repair: true);
            Assert.True(repaired.Ok, string.Join("; ", repaired.Problems));
            Assert.Equal(repaired.Chunks, repaired.Embedded);
            Assert.NotEmpty((await kb.SearchAsync("vacation days", new SearchOptions { Mode = SearchMode.Vector })).Hits);
        }

        // and the switch can simply be run again, served by the cache
        var again = new HashedWordsEmbedder("hashed-32", 32);
        using (var kb = KnowledgeBase.OpenExisting(kbPath, again))
        {
            var result = await kb.ReembedAsync(again);
            Assert.Equal(result.Chunks, result.CacheHits);
            Assert.Equal(0, again.Calls);
            Assert.Equal("hashed-32", kb.Options.Embedder!.Model);
            Assert.NotEmpty((await kb.SearchAsync("vacation days", new SearchOptions { Mode = SearchMode.Hybrid })).Hits);
        }
    }

    [Fact]
    public void Embedder_info_validates_and_builds_reembed_arguments()
    {
        Assert.Equal("--builtin", EmbedderInfo.Builtin.ReembedArguments());
        Assert.Equal("--model text-embedding-3-small --dimensions 256", new EmbedderInfo { Kind = "openai", Model = "text-embedding-3-small@256" }.ReembedArguments());
        Assert.Equal("--model nomic-embed-text", new EmbedderInfo { Kind = "openai", Model = "nomic-embed-text" }.ReembedArguments());
        Assert.Throws<TailorException>(() => new EmbedderInfo { Kind = "openai" }.Validate());
        Assert.Throws<TailorException>(() => new EmbedderInfo { Kind = "magic" }.Validate());
    }
}
