using System.Text.Json.Nodes;
using Tailor.Embedding;
using Tailor.OpenAI.Configuration;
using Tailor.OpenAI.Embedding;
using Tailor.Retrieval;
using Tailor.Storage;
using Tailor.Testing;
using Tailor.Testing.OpenAi;

namespace Tailor.OpenAI.Tests.Embedding;

/// <summary>A knowledge base embedded by a server model: ingest, cache, search, mixing refusal, reembed.</summary>
public class ServerEmbeddingKnowledgeBaseTests
{
    private static OpenAiEmbedder Embedder(OpenAiTestServer server, string model = "test-embed", int? dimensions = null) =>
        OpenAiEmbedder.Create(new OpenAiSettings
        {
            BaseUrl = server.BaseUrl, ApiKey = "k", EmbeddingModel = model, EmbeddingDimensions = dimensions,
            MaxRetries = 1, Timeout = TimeSpan.FromSeconds(60),
        });

    private static string Handbook => Path.Combine(RepoPaths.Samples, "quickstart", "handbook");

    private static int EmbeddedTexts(OpenAiTestServer server) =>
        server.RequestsTo("embeddings").Sum(r => r.Json!["input"] is JsonArray a ? a.Count : 1);

    private static JsonNode ManifestEmbedder(string kb) => JsonNode.Parse(File.ReadAllText(Path.Combine(kb, Manifest.FileName)))!["embedder"]!;

    [Fact]
    public async Task Ingest_embeds_every_chunk_once_records_the_model_and_vector_search_finds_them()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        using var dir = new TempDirectory();
        dir.Write("docs/a.md", "# Leave\n\nContractors get fifteen days of paid leave each year.");
        dir.Write("docs/b.md", "# Printers\n\nThe printer on floor two needs toner every month.");
        var kbPath = dir.File("kb");
        using (var kb = KnowledgeBase.Open(kbPath, embedder: Embedder(server)))
        {
            var result = await kb.IngestAsync([dir.File("docs")]);
            Assert.Equal(2, result.Added);
            var chunks = kb.Check().Chunks;
            Assert.Equal((int)chunks, EmbeddedTexts(server)); // no minimum corpus for a server model
            Assert.Equal(chunks, kb.Check().Embedded);

            int before = server.RequestsTo("embeddings").Count;
            var hits = await kb.SearchAsync("paid leave for contractors", new SearchOptions { Mode = SearchMode.Vector, K = 2 });
            Assert.Equal("a.md", Path.GetFileName(hits.Hits[0].Source));
            var hybrid = await kb.SearchAsync("toner printer", new SearchOptions { Mode = SearchMode.Hybrid, K = 2 });
            Assert.Equal("b.md", Path.GetFileName(hybrid.Hits[0].Source));
            // one query embedding per search; hybrid feedback uses the stored vectors
            Assert.Equal(before + 2, server.RequestsTo("embeddings").Count);
        }
        var recorded = ManifestEmbedder(kbPath);
        Assert.Equal("openai", recorded["kind"]!.GetValue<string>());
        Assert.Equal("test-embed", recorded["model"]!.GetValue<string>());
        Assert.Equal(64, recorded["dimensions"]!.GetValue<int>());
    }

    [Fact]
    public async Task Re_ingesting_the_same_text_sends_no_embedding_requests()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        using var dir = new TempDirectory();
        using var kb = KnowledgeBase.Open(dir.File("kb"), embedder: Embedder(server));
        await kb.IngestAsync([Handbook]);
        int first = server.RequestsTo("embeddings").Count;
        Assert.True(first > 0);
        var ids = kb.Documents.List().Select(d => d.Id).ToList();
        Assert.Equal(ids.Count, await kb.DeleteAsync(ids));
        Assert.Equal(0, kb.Check().Chunks);

        await kb.IngestAsync([Handbook]); // the same text again: every vector comes from the cache
        Assert.Equal(first, server.RequestsTo("embeddings").Count);
        var report = kb.Check();
        Assert.True(report.Ok, string.Join("; ", report.Problems));
        Assert.Equal(report.Chunks, report.Embedded);
    }

    [Fact]
    public async Task A_different_model_is_refused_until_reembed()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        using var dir = new TempDirectory();
        var kbPath = dir.File("kb");
        using (var kb = KnowledgeBase.Open(kbPath, embedder: Embedder(server, "model-a")))
            await kb.IngestAsync([Handbook]);

        using (var kb = KnowledgeBase.OpenExisting(kbPath, Embedder(server, "model-b")))
        {
            var ex = await Assert.ThrowsAsync<TailorException>(() => kb.IngestAsync([Handbook]));
            Assert.Contains("model 'model-a'", ex.Message);
            Assert.Contains("tailor reembed --model model-b", ex.Message);
            await Assert.ThrowsAsync<TailorException>(() => kb.SearchAsync("vacation days"));
            var lexical = await kb.SearchAsync("vacation days", new SearchOptions { Mode = SearchMode.Lexical });
            Assert.NotEmpty(lexical.Hits); // lexical search needs no embedder
        }
        using (var kb = KnowledgeBase.OpenExisting(kbPath)) // nothing configured
        {
            var ex = await Assert.ThrowsAsync<TailorException>(() => kb.SearchAsync("vacation days", new SearchOptions { Mode = SearchMode.Vector }));
            Assert.Contains("TAILOR_EMBEDDING_MODEL", ex.Message);
            Assert.Contains("reembed --builtin", ex.Message);
        }
        Assert.Equal("model-a", ManifestEmbedder(kbPath)["model"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_builtin_knowledge_base_refuses_a_server_model_but_an_empty_one_adopts_it()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        using var dir = new TempDirectory();
        var kbPath = dir.File("kb");
        using (var kb = KnowledgeBase.Open(kbPath)) await kb.IngestAsync([Handbook]);
        using (var kb = KnowledgeBase.OpenExisting(kbPath, Embedder(server)))
        {
            var ex = await Assert.ThrowsAsync<TailorException>(() => kb.IngestAsync([Handbook]));
            Assert.Contains("built-in embedder", ex.Message);
            Assert.Contains("tailor reembed --model test-embed", ex.Message);
            Assert.Contains("unset TAILOR_EMBEDDING_MODEL", ex.Message);
        }
        var empty = dir.File("empty");
        using (KnowledgeBase.Open(empty)) { }
        using (var kb = KnowledgeBase.OpenExisting(empty, Embedder(server)))
            Assert.Equal("test-embed", kb.Options.Embedder!.Model);
    }

    [Fact]
    public async Task Reembed_switches_models_searches_keep_working_and_switching_back_costs_nothing()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        using var dir = new TempDirectory();
        var kbPath = dir.File("kb");
        using (var kb = KnowledgeBase.Open(kbPath)) await kb.IngestAsync([Handbook]);
        long chunks;

        using (var kb = KnowledgeBase.OpenExisting(kbPath, Embedder(server, dimensions: 32)))
        {
            chunks = kb.Check().Chunks;
            var result = await kb.ReembedAsync(Embedder(server, dimensions: 32));
            Assert.Equal(EmbedderInfo.BuiltinKind, result.Previous.Kind);
            Assert.Equal("test-embed@32", result.Current.Model);
            Assert.Equal(32, result.Current.Dimensions);
            Assert.Equal(chunks, result.Chunks);
            Assert.True(result.Sent > 0);
            var hits = await kb.SearchAsync("how many vacation days", new SearchOptions { Mode = SearchMode.Vector });
            Assert.NotEmpty(hits.Hits);
            Assert.Equal(32, server.RequestsTo("embeddings")[^1].Json!["dimensions"]!.GetValue<int>());
        }
        Assert.Equal("test-embed@32", ManifestEmbedder(kbPath)["model"]!.GetValue<string>());

        using (var kb = KnowledgeBase.OpenExisting(kbPath))
        {
            var back = await kb.ReembedAsync(null);
            Assert.True(back.Current.IsBuiltin);
            Assert.NotEmpty((await kb.SearchAsync("how many vacation days", new SearchOptions { Mode = SearchMode.Vector })).Hits);
            var report = kb.Check();
            Assert.True(report.Ok, string.Join("; ", report.Problems));
            Assert.Equal(chunks, report.Embedded);
        }

        int requests = server.RequestsTo("embeddings").Count;
        using (var kb = KnowledgeBase.OpenExisting(kbPath, Embedder(server, dimensions: 32)))
        {
            var again = await kb.ReembedAsync(Embedder(server, dimensions: 32));
            Assert.Equal(chunks, again.CacheHits);
            Assert.Equal(0, again.Sent);
        }
        Assert.Equal(requests, server.RequestsTo("embeddings").Count);
    }

    [Fact]
    public async Task A_failing_server_during_reembed_leaves_the_old_embedder_in_effect()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        using var dir = new TempDirectory();
        var kbPath = dir.File("kb");
        using (var kb = KnowledgeBase.Open(kbPath)) await kb.IngestAsync([Handbook]);
        server.Fail("embeddings", ServerFault.Status(500), times: 100);
        using (var kb = KnowledgeBase.OpenExisting(kbPath))
        {
            var ex = await Assert.ThrowsAsync<TailorException>(() => kb.ReembedAsync(Embedder(server)));
            Assert.Contains("HTTP 500", ex.Message);
            Assert.True(kb.Options.Embedder!.IsBuiltin);
            Assert.NotEmpty((await kb.SearchAsync("vacation days", new SearchOptions { Mode = SearchMode.Vector })).Hits);
            var report = kb.Check();
            Assert.True(report.Ok, string.Join("; ", report.Problems));
            Assert.Equal(report.Chunks, report.Embedded);
        }
        Assert.Equal("builtin", ManifestEmbedder(kbPath)["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task Reembed_with_reduce_projects_documents_and_queries_and_later_ingests()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        using var dir = new TempDirectory();
        dir.Write("docs/extra.md", "# Parking\n\nVisitors park in the north lot and sign in at reception.");
        var kbPath = dir.File("kb");
        using (var kb = KnowledgeBase.Open(kbPath)) await kb.IngestAsync([Handbook]);
        using (var kb = KnowledgeBase.OpenExisting(kbPath, Embedder(server)))
        {
            var result = await kb.ReembedAsync(Embedder(server), reduce: 12);
            Assert.Equal(12, result.Current.Reduce);
            Assert.Equal(12, result.Current.Dimensions);
            var hits = await kb.SearchAsync("how many vacation days", new SearchOptions { Mode = SearchMode.Vector, K = 3 });
            Assert.NotEmpty(hits.Hits);
            await kb.IngestAsync([dir.File("docs")]); // new chunks go through the same projection
            var report = kb.Check();
            Assert.True(report.Ok, string.Join("; ", report.Problems));
            Assert.Equal(report.Chunks, report.Embedded);
            var parking = await kb.SearchAsync("where do visitors park", new SearchOptions { Mode = SearchMode.Hybrid, K = 3 });
            Assert.Contains(parking.Hits, h => h.Source.EndsWith("extra.md", StringComparison.Ordinal));
        }
        var recorded = ManifestEmbedder(kbPath);
        Assert.Equal(12, recorded["reduce"]!.GetValue<int>());
        Assert.Equal("test-embed", recorded["model"]!.GetValue<string>());
        using (var store = SqliteStore.Open(Path.Combine(kbPath, KnowledgeBase.DatabaseFileName)))
            Assert.All(store.ScanEmbeddings("test-embed+pca12"), e => Assert.Equal(12, e.Vector.Length));
        // opened again in a new process: the stored projection is used for queries
        using (var kb = KnowledgeBase.OpenExisting(kbPath, Embedder(server)))
            Assert.NotEmpty((await kb.SearchAsync("travel expenses", new SearchOptions { Mode = SearchMode.Vector })).Hits);
    }

    /// <summary>Each chunk's text with the vector stored for it under <paramref name="modelId"/>.</summary>
    private static Dictionary<string, float[]> VectorsByText(string kbPath, string modelId)
    {
        using var store = SqliteStore.Open(Path.Combine(kbPath, KnowledgeBase.DatabaseFileName));
        var texts = Tailor.Storage.ChunkWalk.All(store).ToDictionary(r => r.Id, r => r.Text);
        return store.ScanEmbeddings(modelId).ToDictionary(e => texts[e.ChunkId], e => e.Vector);
    }

    [Fact]
    public async Task Reembed_across_many_slices_gives_every_chunk_the_vector_a_direct_ingest_gives_it()
    {
        // More chunks than one slice of the two passes (embed through the cache, then write back from it).
        await using var server = await OpenAiTestServer.StartAsync();
        using var dir = new TempDirectory();
        string[] words = ["harbour", "ledger", "turbine", "orchard", "lantern", "quarry", "beacon", "meadow"];
        for (int i = 0; i < 1_300; i++)
            dir.Write($"docs/n{i:D4}.md", $"# Note {i}\n\nItem {i} concerns the {words[i % 8]} and the {words[i * 7 % 8]} near site {i * 31 % 97}.");
        var reembedded = dir.File("reembedded");
        var direct = dir.File("direct");
        using (var kb = KnowledgeBase.Open(reembedded)) await kb.IngestAsync([dir.File("docs")]);
        using (var kb = KnowledgeBase.OpenExisting(reembedded, Embedder(server)))
        {
            var result = await kb.ReembedAsync(Embedder(server));
            Assert.Equal(1_300, result.Chunks);
            var report = kb.Check();
            Assert.True(report.Ok, string.Join("; ", report.Problems));
            Assert.Equal(report.Chunks, report.Embedded);
        }
        using (var kb = KnowledgeBase.Open(direct, embedder: Embedder(server))) await kb.IngestAsync([dir.File("docs")]);

        var expected = VectorsByText(direct, "test-embed");
        var actual = VectorsByText(reembedded, "test-embed");
        Assert.Equal(1_300, expected.Count);
        Assert.Equal(expected.Count, actual.Count);
        foreach (var (text, vector) in expected) Assert.Equal(vector, actual[text]);
    }
}
