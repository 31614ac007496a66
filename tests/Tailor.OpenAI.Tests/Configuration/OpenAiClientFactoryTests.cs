using System.ClientModel;
using OpenAI.Chat;
using OpenAI.Embeddings;
using Tailor.OpenAI.Configuration;
using Tailor.Testing.OpenAi;

namespace Tailor.OpenAI.Tests.Configuration;

/// <summary>The SDK clients the factory builds, against the local OpenAI wire-format test server.</summary>
public class OpenAiClientFactoryTests
{
    private static OpenAiSettings Local(OpenAiTestServer server, int retries = 2) =>
        new() { BaseUrl = server.BaseUrl, ApiKey = "test-key", MaxRetries = retries, Timeout = TimeSpan.FromSeconds(60) };

    [Fact]
    public async Task Chat_completion_reaches_the_base_url_with_a_bearer_key()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        server.RequiredApiKey = "test-key";
        server.ChatReply = r => $"You said: {r.LastUser}";
        var client = OpenAiClientFactory.Create(Local(server)).GetChatClient("test-model");
        var result = await client.CompleteChatAsync([new UserChatMessage("hello there")]);
        Assert.Equal("You said: hello there", result.Value.Content[0].Text);
        Assert.True(result.Value.Usage.InputTokenCount > 0);
        var request = Assert.Single(server.RequestsTo("chat/completions"));
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("test-model", request.Json!["model"]!.GetValue<string>());
    }

    [Fact]
    public async Task Streaming_assembles_the_same_text_and_reports_usage()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        server.ChatReply = _ => "Contractors get fifteen days of leave [1].";
        var client = OpenAiClientFactory.Create(Local(server)).GetChatClient("test-model");
        var text = new System.Text.StringBuilder();
        ChatTokenUsage? usage = null;
        int updates = 0;
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("leave?")]))
        {
            foreach (var part in update.ContentUpdate) text.Append(part.Text);
            usage ??= update.Usage;
            updates++;
        }
        Assert.Equal("Contractors get fifteen days of leave [1].", text.ToString());
        Assert.True(updates > 3, "the reply should arrive in several chunks");
        Assert.NotNull(usage);
        Assert.Equal(7, usage!.OutputTokenCount);
    }

    [Fact]
    public async Task A_429_with_retry_after_is_retried_after_waiting()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        server.Fail("embeddings", ServerFault.Status(429, retryAfterSeconds: 1));
        var client = OpenAiClientFactory.Create(Local(server)).GetEmbeddingClient("test-embed");
        var result = await client.GenerateEmbeddingsAsync(["first text", "second text"]);
        Assert.Equal(2, result.Value.Count);
        var requests = server.RequestsTo("embeddings");
        Assert.Equal(2, requests.Count);
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromSeconds(0.95), "the retry must honour Retry-After");
    }

    [Fact]
    public async Task Persistent_server_errors_surface_after_the_configured_retries()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        server.Fail("chat/completions", ServerFault.Status(500), times: 10);
        var client = OpenAiClientFactory.Create(Local(server, retries: 1)).GetChatClient("test-model");
        var ex = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage("hi")]));
        Assert.Equal(500, ex.Status);
        Assert.Equal(2, server.RequestsTo("chat/completions").Count);
    }

    [Fact]
    public async Task Embedding_dimensions_are_honoured()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        var client = OpenAiClientFactory.Create(Local(server)).GetEmbeddingClient("test-embed");
        var result = await client.GenerateEmbeddingsAsync(["alpha beta gamma"], new EmbeddingGenerationOptions { Dimensions = 16 });
        var vector = result.Value[0].ToFloats().ToArray();
        Assert.Equal(16, vector.Length);
        Assert.Equal(1.0, Math.Sqrt(vector.Sum(x => (double)x * x)), 3);
    }

    [Fact]
    public async Task Azure_uses_deployment_routes_api_version_and_the_api_key_header()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        server.RequiredApiKey = "azure-key";
        server.ChatReply = _ => "ok";
        var settings = new OpenAiSettings { AzureEndpoint = server.Root, ApiKey = "azure-key", AzureApiVersion = "2024-10-21", MaxRetries = 0 };
        var client = OpenAiClientFactory.Create(settings, "my-deployment").GetChatClient("my-deployment");
        var result = await client.CompleteChatAsync([new UserChatMessage("hi")]);
        Assert.Equal("ok", result.Value.Content[0].Text);
        var request = Assert.Single(server.Requests);
        Assert.Equal("/openai/deployments/my-deployment/chat/completions", request.Path);
        Assert.Contains("api-version=2024-10-21", request.Query);
        Assert.Equal("azure-key", request.Headers["api-key"]);
        Assert.False(request.Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task A_wrong_key_is_refused_with_401()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        server.RequiredApiKey = "right";
        var client = OpenAiClientFactory.Create(Local(server) with { ApiKey = "wrong" }).GetChatClient("test-model");
        var ex = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage("hi")]));
        Assert.Equal(401, ex.Status);
    }
}
