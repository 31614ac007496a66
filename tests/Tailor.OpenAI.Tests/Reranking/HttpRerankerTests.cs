using System.Collections;
using Tailor.OpenAI.Reranking;
using Tailor.Retrieval;
using Tailor.Testing;
using Tailor.Testing.OpenAi;

namespace Tailor.OpenAI.Tests.Reranking;

/// <summary>The HTTP reranker in both wire formats, against the local OpenAI wire-format test server.</summary>
public sealed class HttpRerankerTests : IDisposable
{
    private readonly TempDirectory _temp = new("tailor-rerank");

    private static RerankSettings Settings(OpenAiTestServer server, RerankFormat format, string? model = null) =>
        new() { Url = server.Root, Format = format, Model = model, Timeout = TimeSpan.FromSeconds(60) };

    [Fact]
    public async Task Tei_format_posts_query_and_texts_to_rerank_and_maps_scores_back_to_passage_order()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        using var reranker = new HttpReranker(Settings(server, RerankFormat.Tei));
        var scores = await reranker.ScoreAsync("lava eruption", ["bread and yeast", "lava eruption at the crater", "lava"]);
        Assert.Equal([0.0, 1.0, 0.5], scores);
        var request = Assert.Single(server.Requests);
        Assert.Equal("/rerank", request.Path);
        Assert.Equal("lava eruption", request.Json!["query"]!.GetValue<string>());
        Assert.Equal(3, request.Json!["texts"]!.AsArray().Count);
    }

    [Fact]
    public async Task Cohere_format_posts_model_documents_and_top_n_to_v1_rerank()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        server.Rerank = (_, docs) => docs.Select(d => (double)d.Length).ToArray();
        using var reranker = new HttpReranker(Settings(server, RerankFormat.Cohere, "rerank-english-v3.0") with { ApiKey = "secret" });
        var scores = await reranker.ScoreAsync("q", ["aaa", "a", "aaaaa"]);
        Assert.Equal([3.0, 1.0, 5.0], scores);
        var request = Assert.Single(server.Requests);
        Assert.Equal("/v1/rerank", request.Path);
        Assert.Equal("rerank-english-v3.0", request.Json!["model"]!.GetValue<string>());
        Assert.Equal(3, request.Json!["top_n"]!.GetValue<int>());
        Assert.Equal("Bearer secret", request.Headers["Authorization"]);
        Assert.Equal("rerank:rerank-english-v3.0", reranker.Name);
    }

    [Fact]
    public async Task Reranking_reorders_the_knowledge_base_hits_in_both_formats()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        for (int i = 0; i < 6; i++) _temp.Write($"docs/d{i}.md", $"# Note {i}\n\nvolcano notes {i} lava {(i == 4 ? "special marker" : "plain")}.\n");
        using var kb = KnowledgeBase.Open(_temp.File("kb"));
        await kb.IngestAsync([_temp.File("docs")]);
        // The cross-encoder prefers the passage with the marker, whatever the fused order.
        server.Rerank = (_, docs) => docs.Select(d => d.Contains("special marker") ? 5.0 : 1.0).ToArray();
        var plain = await kb.SearchAsync("volcano lava", new SearchOptions { K = 6 });
        Assert.NotEqual("d4.md", plain.Hits[0].DocumentId);
        foreach (var format in new[] { RerankFormat.Tei, RerankFormat.Cohere })
        {
            using var reranker = new HttpReranker(Settings(server, format, "m"));
            var reranked = await kb.SearchAsync("volcano lava", new SearchOptions { K = 3, Reranker = reranker, RerankDepth = 6 });
            Assert.Equal(3, reranked.Hits.Count);
            Assert.Equal("d4.md", reranked.Hits[0].DocumentId);
            Assert.Equal(5.0, reranked.Hits[0].Explanation!.RerankScore);
            Assert.Equal(plain.Hits.Select(h => h.DocumentId).ToList().IndexOf("d4.md") + 1, reranked.Hits[0].Explanation!.FusedRank);
        }
        Assert.Equal(6, server.RequestsTo("rerank")[0].Json!["texts"]!.AsArray().Count);
    }

    [Fact]
    public async Task Rate_limits_are_retried_after_the_servers_delay()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        server.Fail("rerank", ServerFault.Status(429, retryAfterSeconds: 1));
        using var reranker = new HttpReranker(Settings(server, RerankFormat.Tei));
        Assert.Equal(2, (await reranker.ScoreAsync("a", ["a", "b"])).Count);
        var requests = server.RequestsTo("rerank");
        Assert.Equal(2, requests.Count);
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromSeconds(0.9));
    }

    [Fact]
    public async Task Server_errors_timeouts_and_unreachable_servers_are_clear_errors()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        server.Fail("rerank", ServerFault.Status(500), times: 3);
        using (var reranker = new HttpReranker(Settings(server, RerankFormat.Tei)))
        {
            var error = await Assert.ThrowsAsync<TailorException>(() => reranker.ScoreAsync("a", ["a"]));
            Assert.Contains($"the reranker at {server.Root}rerank answered 500", error.Message);
            Assert.Contains("check its logs", error.Message);
        }
        server.Fail("rerank", ServerFault.Delay(TimeSpan.FromSeconds(5)));
        using (var slow = new HttpReranker(Settings(server, RerankFormat.Tei) with { Timeout = TimeSpan.FromMilliseconds(300), MaxRetries = 0 }))
        {
            var error = await Assert.ThrowsAsync<TailorException>(() => slow.ScoreAsync("a", ["a"]));
            Assert.Contains("did not answer within 0.3 s", error.Message);
        }
        using (var missing = new HttpReranker(Settings(server, RerankFormat.Tei) with { Url = new Uri("http://127.0.0.1:9/"), MaxRetries = 0 }))
        {
            var error = await Assert.ThrowsAsync<TailorException>(() => missing.ScoreAsync("a", ["a"]));
            Assert.Contains("cannot reach the reranker at http://127.0.0.1:9/rerank", error.Message);
        }
    }

    [Fact]
    public async Task A_mismatched_format_is_reported_as_such()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        // A TEI-shaped request sent to the Cohere route: the server rejects the body.
        using var reranker = new HttpReranker(Settings(server, RerankFormat.Tei) with { Url = new Uri(server.Root, "v1/rerank") });
        var error = await Assert.ThrowsAsync<TailorException>(() => reranker.ScoreAsync("a", ["a"]));
        Assert.Contains("answered 400", error.Message);
        Assert.Contains("missing field 'documents'", error.Message);
        Assert.Contains("TAILOR_RERANK_FORMAT", error.Message);
    }

    [Fact]
    public void Settings_come_from_the_environment_with_a_format_default_and_clear_errors()
    {
        var config = _temp.Write("config.json", "{\"rerank\": {\"url\": \"http://file-host:1/\", \"timeoutSeconds\": 7}}");
        IDictionary Env(params (string, string)[] pairs)
        {
            var env = new Hashtable { ["TAILOR_CONFIG"] = config };
            foreach (var (k, v) in pairs) env[k] = v;
            return env;
        }
        var fromFile = RerankSettings.Resolve(Env());
        Assert.Equal(new Uri("http://file-host:1/rerank"), fromFile.Endpoint);
        Assert.Equal(TimeSpan.FromSeconds(7), fromFile.Timeout);

        var cohere = RerankSettings.Resolve(Env(("TAILOR_RERANK_URL", "http://h:8/"), ("TAILOR_RERANK_MODEL", "jina-reranker-v2")));
        Assert.Equal(RerankFormat.Cohere, cohere.Format);
        Assert.Equal(new Uri("http://h:8/v1/rerank"), cohere.Endpoint);
        Assert.Equal(new Uri("http://h:8/v1/rerank"), (cohere with { Url = new Uri("http://h:8/v1") }).Endpoint);

        var tei = RerankSettings.Resolve(Env(("TAILOR_RERANK_URL", "http://h:8/rerank"), ("TAILOR_RERANK_FORMAT", "tei"), ("TAILOR_RERANK_MODEL", "x")));
        Assert.Equal(RerankFormat.Tei, tei.Format);
        Assert.Equal(new Uri("http://h:8/rerank"), tei.Endpoint);

        Assert.Contains("use tei", Assert.Throws<TailorException>(() => RerankSettings.Resolve(Env(("TAILOR_RERANK_FORMAT", "xml")))).Message);
        Assert.Contains("TAILOR_RERANK_URL", Assert.Throws<TailorException>(() => RerankSettings.Resolve(Env(("TAILOR_RERANK_URL", "ftp://x")))).Message);
        Assert.Contains("TAILOR_RERANK_TIMEOUT", Assert.Throws<TailorException>(() => RerankSettings.Resolve(Env(("TAILOR_RERANK_TIMEOUT", "-1")))).Message);
    }

    public void Dispose() => _temp.Dispose();
}
