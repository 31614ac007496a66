using Tailor.Embedding;
using Tailor.OpenAI.Configuration;
using Tailor.OpenAI.Embedding;
using Tailor.Testing;
using Tailor.Testing.OpenAi;
using Tailor.Tokenization;

namespace Tailor.OpenAI.Tests.Embedding;

/// <summary>The server embedder against the local OpenAI wire-format test server.</summary>
public class OpenAiEmbedderTests
{
    private static OpenAiSettings Local(OpenAiTestServer server, int retries = 2, double timeoutSeconds = 60, int? dimensions = null) => new()
    {
        BaseUrl = server.BaseUrl,
        ApiKey = "test-key",
        EmbeddingModel = "test-embed",
        EmbeddingDimensions = dimensions,
        MaxRetries = retries,
        Timeout = TimeSpan.FromSeconds(timeoutSeconds),
    };

    private static OpenAiEmbedder Embedder(OpenAiTestServer server, OpenAiEmbedderOptions? options = null, int retries = 2) =>
        new(OpenAiClientFactory.Create(Local(server, retries)).GetEmbeddingClient("test-embed"), "test-embed", options,
            server.BaseUrl.AbsoluteUri, EstimatingTokenCounter.Instance, TimeSpan.FromSeconds(60));

    private static List<string> Texts(int n) => Enumerable.Range(0, n).Select(i => $"document number {i} about topic {i % 7} and word{i * 13}").ToList();

    private static List<string> InputsOf(RecordedRequest request) =>
        request.Json!["input"] is System.Text.Json.Nodes.JsonArray a ? a.Select(x => x!.GetValue<string>()).ToList() : [request.Json!["input"]!.GetValue<string>()];

    [Fact]
    public async Task Batches_by_input_count_embed_every_text_once_in_order()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        var texts = Texts(10);
        var embedder = Embedder(server, new OpenAiEmbedderOptions { MaxInputsPerRequest = 3, Concurrency = 1 });
        var vectors = await embedder.EmbedDocumentsAsync(texts);

        var requests = server.RequestsTo("embeddings");
        Assert.Equal(4, requests.Count); // 3 + 3 + 3 + 1
        Assert.Equal(texts, requests.SelectMany(InputsOf).ToList());
        for (int i = 0; i < texts.Count; i++) Assert.Equal(server.Embed("test-embed", texts[i]), vectors[i]);
        Assert.Equal(64, embedder.Dimensions);
    }

    [Fact]
    public async Task Batches_by_tokens_and_keeps_order_under_concurrency()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        var texts = Texts(40);
        int perText = texts.Max(t => EstimatingTokenCounter.Instance.CountTokens(t));
        // room for exactly two of the longest texts per request
        var options = new OpenAiEmbedderOptions { MaxInputTokens = perText, MaxTokensPerRequest = 2 * perText + 1, Concurrency = 4 };
        var embedder = Embedder(server, options);
        var vectors = await embedder.EmbedDocumentsAsync(texts);

        var requests = server.RequestsTo("embeddings");
        Assert.All(requests, r => Assert.True(InputsOf(r).Sum(t => EstimatingTokenCounter.Instance.CountTokens(t)) <= options.MaxTokensPerRequest));
        Assert.True(requests.Count >= 20, $"40 texts at two per request need at least 20 requests, got {requests.Count}");
        Assert.Equal(texts.Order(StringComparer.Ordinal), requests.SelectMany(InputsOf).Order(StringComparer.Ordinal));
        for (int i = 0; i < texts.Count; i++) Assert.Equal(server.Embed("test-embed", texts[i]), vectors[i]);
    }

    [Fact]
    public async Task An_input_over_the_model_limit_is_refused_with_its_index_before_any_request()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        var embedder = Embedder(server, new OpenAiEmbedderOptions { MaxInputTokens = 8, MaxTokensPerRequest = 100 });
        var texts = new[] { "short one", string.Join(' ', Enumerable.Repeat("overlong", 40)), "short two" };
        var ex = await Assert.ThrowsAsync<TailorException>(() => embedder.EmbedDocumentsAsync(texts));
        Assert.Equal(1, EmbeddingInputError.IndexOf(ex));
        Assert.Contains("8-token input limit", ex.Message);
        Assert.Contains("test-embed", ex.Message);
        Assert.Empty(server.RequestsTo("embeddings"));
    }

    [Fact]
    public async Task A_429_with_retry_after_is_honoured()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        server.Fail("embeddings", ServerFault.Status(429, retryAfterSeconds: 1));
        var vectors = await Embedder(server).EmbedDocumentsAsync(["alpha beta", "gamma delta"]);
        Assert.Equal(2, vectors.Length);
        var requests = server.RequestsTo("embeddings");
        Assert.Equal(2, requests.Count);
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromSeconds(0.95), "the retry must wait at least Retry-After");
    }

    [Fact]
    public async Task A_500_then_success_is_retried()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        server.Fail("embeddings", ServerFault.Status(500));
        var vectors = await Embedder(server).EmbedDocumentsAsync(["alpha beta"]);
        Assert.Equal(server.Embed("test-embed", "alpha beta"), vectors[0]);
        Assert.Equal(2, server.RequestsTo("embeddings").Count);
    }

    [Fact]
    public async Task Persistent_500_fails_with_the_server_status_and_what_to_do()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        server.Fail("embeddings", ServerFault.Status(500), times: 10);
        var ex = await Assert.ThrowsAsync<TailorException>(() => Embedder(server, retries: 1).EmbedDocumentsAsync(["alpha beta"]));
        Assert.Contains("HTTP 500", ex.Message);
        Assert.Contains(server.BaseUrl.AbsoluteUri, ex.Message);
        Assert.Contains("test-embed", ex.Message);
        Assert.Contains("run again later", ex.Message);
        Assert.Equal(2, server.RequestsTo("embeddings").Count); // the first try and one retry
    }

    [Fact]
    public async Task An_unknown_model_names_the_model_and_the_server_message()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        server.KnownModels = new HashSet<string> { "other-model" };
        var ex = await Assert.ThrowsAsync<TailorException>(() => Embedder(server).EmbedQueryAsync("hello"));
        Assert.Contains("HTTP 404", ex.Message);
        Assert.Contains("TAILOR_EMBEDDING_MODEL", ex.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task A_server_slower_than_the_timeout_fails_clearly(int retries)
    {
        await using var server = await OpenAiTestServer.StartAsync();
        server.Fail("embeddings", ServerFault.Delay(TimeSpan.FromSeconds(8)), times: 3);
        var embedder = OpenAiEmbedder.Create(Local(server, retries: retries, timeoutSeconds: 1));
        var ex = await Assert.ThrowsAsync<TailorException>(() => embedder.EmbedDocumentsAsync(["alpha beta"]));
        Assert.Contains("timed out", ex.Message);
        Assert.Contains("timeoutSeconds", ex.Message);
        Assert.Equal(1 + retries, server.RequestsTo("embeddings").Count());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public async Task An_unreachable_server_is_named_with_or_without_retries(int retries)
    {
        var (holder, port) = LocalPorts.Refusing();
        using var _ = holder;
        var settings = new OpenAiSettings { BaseUrl = new Uri($"http://127.0.0.1:{port}/v1/"), ApiKey = "k", EmbeddingModel = "m", MaxRetries = retries, Timeout = TimeSpan.FromSeconds(60) };
        var ex = await Assert.ThrowsAsync<TailorException>(() => OpenAiEmbedder.Create(settings).EmbedDocumentsAsync(["alpha beta"]));
        Assert.Contains($"http://127.0.0.1:{port}/v1/", ex.Message);
        Assert.Contains("cannot reach the embedding server", ex.Message);
    }

    [Fact]
    public async Task Requested_dimensions_are_sent_and_honoured()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        var embedder = OpenAiEmbedder.Create(Local(server, dimensions: 16));
        Assert.Equal("test-embed@16", embedder.ModelId);
        var vectors = await embedder.EmbedDocumentsAsync(["alpha beta gamma"]);
        Assert.Equal(16, vectors[0].Length);
        Assert.Equal(16, embedder.Dimensions);
        Assert.Equal(16, server.RequestsTo("embeddings")[0].Json!["dimensions"]!.GetValue<int>());
        var full = server.Embed("test-embed", "alpha beta gamma")[..16];
        var norm = MathF.Sqrt(full.Sum(x => x * x));
        for (int i = 0; i < 16; i++) Assert.Equal(full[i] / norm, vectors[0][i], 5);
    }

    [Fact]
    public async Task Base64_responses_are_decoded_to_the_servers_vectors()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        var vectors = await Embedder(server).EmbedDocumentsAsync(["one two three", "four five"]);
        Assert.Equal("base64", server.RequestsTo("embeddings")[0].Json!["encoding_format"]!.GetValue<string>());
        Assert.Equal(server.Embed("test-embed", "one two three"), vectors[0]);
        Assert.Equal(server.Embed("test-embed", "four five"), vectors[1]);
    }

    [Fact]
    public async Task Azure_uses_the_deployment_route_and_the_api_key_header()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        server.RequiredApiKey = "azure-key";
        var settings = new OpenAiSettings { AzureEndpoint = server.Root, ApiKey = "azure-key", EmbeddingModel = "my-embed-deployment", Timeout = TimeSpan.FromSeconds(60) };
        var vector = await OpenAiEmbedder.Create(settings).EmbedQueryAsync("alpha beta");
        Assert.Equal(server.Embed("my-embed-deployment", "alpha beta"), vector);
        var request = Assert.Single(server.RequestsTo("embeddings"));
        Assert.Equal("/openai/deployments/my-embed-deployment/embeddings", request.Path);
        Assert.Contains("api-version=", request.Query);
        Assert.Equal("azure-key", request.Headers["api-key"]);
        Assert.False(request.Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task Prefixes_go_on_their_side_and_queries_are_cached_in_memory()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        var embedder = Embedder(server, new OpenAiEmbedderOptions { QueryPrefix = "search_query: ", DocumentPrefix = "search_document: " });
        await embedder.EmbedDocumentsAsync(["the handbook"]);
        var q1 = await embedder.EmbedQueryAsync("leave policy");
        var q2 = await embedder.EmbedQueryAsync("leave policy");
        Assert.Same(q1, q2);
        var requests = server.RequestsTo("embeddings");
        Assert.Equal(2, requests.Count); // the second query came from memory
        Assert.Equal(["search_document: the handbook"], InputsOf(requests[0]));
        Assert.Equal(["search_query: leave policy"], InputsOf(requests[1]));
    }

    [Fact]
    public void Settings_read_the_embedding_options_from_the_environment_keeping_prefix_spaces()
    {
        var env = new System.Collections.Hashtable
        {
            ["HOME"] = Path.GetTempPath(), ["XDG_CONFIG_HOME"] = Path.Combine(Path.GetTempPath(), "tailor-no-config-" + Guid.NewGuid().ToString("N")),
            ["OPENAI_BASE_URL"] = "http://localhost:11434/v1", ["TAILOR_EMBEDDING_MODEL"] = "nomic-embed-text",
            ["TAILOR_EMBEDDING_QUERY_PREFIX"] = "search_query: ", ["TAILOR_EMBEDDING_DOCUMENT_PREFIX"] = "search_document: ",
            ["TAILOR_EMBEDDING_CONCURRENCY"] = "2",
        };
        var settings = OpenAiSettings.Resolve(env);
        var embedder = OpenAiEmbedder.Create(settings);
        Assert.Equal("search_query: ", embedder.Options.QueryPrefix);
        Assert.Equal("search_document: ", embedder.Options.DocumentPrefix);
        Assert.Equal(2, embedder.Options.Concurrency);
        Assert.Equal("nomic-embed-text", embedder.ModelId);
    }
}
