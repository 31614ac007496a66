using System.Net;
using System.Net.Sockets;
using System.Text;
using Tailor.Chat;
using Tailor.OpenAI.Chat;
using Tailor.OpenAI.Configuration;
using Tailor.Testing;
using Tailor.Testing.OpenAi;

namespace Tailor.OpenAI.Tests.Chat;

/// <summary>The chat model against the local OpenAI wire-format test server: replies, streaming, usage, and every fault.</summary>
public class OpenAiChatModelTests
{
    private static readonly ChatMessage[] Hello = [ChatMessage.System("Be brief."), ChatMessage.User("hello there")];

    private static OpenAiSettings Local(OpenAiTestServer server, int retries = 1, double timeoutSeconds = 60) => new()
    {
        BaseUrl = server.BaseUrl,
        ApiKey = "test-key",
        ChatModel = "test-model",
        MaxRetries = retries,
        Timeout = TimeSpan.FromSeconds(timeoutSeconds),
    };

    private static async Task<string> Collect(IChatModel model, List<ChatUpdate>? updates = null)
    {
        var text = new StringBuilder();
        await foreach (var u in model.StreamAsync(Hello))
        {
            updates?.Add(u);
            text.Append(u.Text);
        }
        return text.ToString();
    }

    [Fact]
    public async Task Complete_sends_the_conversation_and_returns_text_model_and_usage()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        server.ChatReply = r => $"{r.Messages.Count} messages, last: {r.LastUser}";
        var model = new OpenAiChatModel(Local(server));
        var reply = await model.CompleteAsync(Hello, new ChatRequestOptions { MaxOutputTokens = 50, Temperature = 0 });
        Assert.Equal("2 messages, last: hello there", reply.Text);
        Assert.Equal("test-model", reply.ModelId);
        Assert.Equal("stop", reply.FinishReason);
        Assert.NotNull(reply.Usage);
        Assert.False(reply.Usage!.Estimated);
        Assert.True(reply.Usage.InputTokens > 0);
        var json = Assert.Single(server.RequestsTo("chat/completions")).Json!;
        Assert.Equal("system", json["messages"]![0]!["role"]!.GetValue<string>());
        Assert.Equal("Be brief.", json["messages"]![0]!["content"]!.GetValue<string>());
        Assert.Equal(50, (json["max_completion_tokens"] ?? json["max_tokens"])!.GetValue<int>());
    }

    [Fact]
    public async Task Streaming_assembles_the_same_text_as_the_whole_reply_with_usage_last()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        server.ChatReply = _ => "Contractors get fifteen days of paid leave a year [1]. Employees get twenty [2].";
        var model = new OpenAiChatModel(Local(server));
        var whole = await model.CompleteAsync(Hello);
        var updates = new List<ChatUpdate>();
        var streamed = await Collect(model, updates);
        Assert.Equal(whole.Text, streamed);
        Assert.True(updates.Count(u => u.Text.Length > 0) > 3, "the reply should arrive in pieces");
        Assert.Contains(updates, u => u.FinishReason == "stop");
        var usage = updates.Last(u => u.Usage != null).Usage!;
        Assert.Equal(whole.Usage!.OutputTokens, usage.OutputTokens);
        Assert.Equal(whole.Usage.InputTokens, usage.InputTokens);
        Assert.True(server.RequestsTo("chat/completions")[1].Json!["stream"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Without_usage_from_the_server_none_is_invented()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        server.ReportUsage = false;
        server.ChatReply = _ => "An answer.";
        var model = new OpenAiChatModel(Local(server));
        var updates = new List<ChatUpdate>();
        Assert.Equal("An answer.", await Collect(model, updates));
        Assert.All(updates, u => Assert.Null(u.Usage));
        Assert.Null((await model.CompleteAsync(Hello)).Usage);
    }

    [Fact]
    public async Task Azure_sends_the_deployment_route_and_api_version()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        server.RequiredApiKey = "azure-key";
        server.ChatReply = _ => "from azure";
        var settings = new OpenAiSettings { AzureEndpoint = server.Root, ApiKey = "azure-key", ChatModel = "my-gpt4o", AzureApiVersion = "2024-10-21", MaxRetries = 0 };
        var model = new OpenAiChatModel(settings);
        Assert.Equal("from azure", await Collect(model));
        var request = Assert.Single(server.Requests);
        Assert.Equal("/openai/deployments/my-gpt4o/chat/completions", request.Path);
        Assert.Contains("api-version=2024-10-21", request.Query);
    }

    [Fact]
    public async Task Context_window_is_the_known_one_unless_overridden()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        Assert.Equal(128_000, new OpenAiChatModel(Local(server) with { ChatModel = "gpt-4o-mini" }).ContextWindow);
        Assert.Equal(131_072, new OpenAiChatModel(Local(server) with { ChatModel = "llama3.1:8b" }).ContextWindow);
        Assert.Equal(ModelContextWindows.Default, new OpenAiChatModel(Local(server)).ContextWindow);
        Assert.Equal(4_000, new OpenAiChatModel(Local(server) with { ContextWindow = 4_000 }).ContextWindow);
    }

    [Fact]
    public async Task A_500_is_retried_and_then_succeeds()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        server.ChatReply = _ => "recovered";
        server.Fail("chat/completions", ServerFault.Status(500));
        var model = new OpenAiChatModel(Local(server, retries: 2));
        Assert.Equal("recovered", await Collect(model));
        Assert.Equal(2, server.RequestsTo("chat/completions").Count);
    }

    [Fact]
    public async Task Persistent_500_says_the_server_failed_after_retries()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        server.Fail("chat/completions", ServerFault.Status(500), times: 10);
        var model = new OpenAiChatModel(Local(server, retries: 1));
        var ex = await Assert.ThrowsAsync<TailorException>(() => Collect(model));
        Assert.Contains("HTTP 500", ex.Message);
        Assert.Contains("after 1 retry", ex.Message);
        Assert.Contains(server.BaseUrl.ToString(), ex.Message);
        Assert.Equal(2, server.RequestsTo("chat/completions").Count);
    }

    [Fact]
    public async Task Rate_limiting_after_retries_says_so_and_when_to_retry()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        server.Fail("chat/completions", ServerFault.Status(429, retryAfterSeconds: 1), times: 10);
        var model = new OpenAiChatModel(Local(server, retries: 1));
        var ex = await Assert.ThrowsAsync<TailorException>(() => model.CompleteAsync(Hello));
        Assert.Contains("rate limiting", ex.Message);
        Assert.Contains("429", ex.Message);
        Assert.Contains("retry after 1 seconds", ex.Message);
        var requests = server.RequestsTo("chat/completions");
        Assert.Equal(2, requests.Count);
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromSeconds(0.95), "the retry must wait as Retry-After asks");
    }

    [Fact]
    public async Task A_429_then_success_returns_the_answer()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        server.ChatReply = _ => "after the wait";
        server.Fail("chat/completions", ServerFault.Status(429, retryAfterSeconds: 1));
        var model = new OpenAiChatModel(Local(server, retries: 2));
        Assert.Equal("after the wait", (await model.CompleteAsync(Hello)).Text);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task A_timeout_names_the_server_and_the_limit(int retries)
    {
        await using var server = await OpenAiTestServer.StartAsync();
        server.Fail("chat/completions", ServerFault.Delay(TimeSpan.FromSeconds(30)), times: 5);
        var model = new OpenAiChatModel(Local(server, retries: retries, timeoutSeconds: 1));
        var streamed = await Assert.ThrowsAsync<TailorException>(() => Collect(model));
        var whole = await Assert.ThrowsAsync<TailorException>(() => model.CompleteAsync(Hello));
        foreach (var ex in new[] { streamed, whole })
        {
            Assert.Contains("did not answer within 1 seconds", ex.Message);
            Assert.Contains(server.BaseUrl.ToString(), ex.Message);
        }
        Assert.Equal(2 * (1 + retries), server.RequestsTo("chat/completions").Count());
    }

    [Fact]
    public async Task A_broken_stream_is_an_error_not_half_an_answer()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        const string reply = "The first part of a long answer that never finishes because the connection drops.";
        server.ChatReply = _ => reply;
        server.Fail("chat/completions", ServerFault.BrokenStream(afterChunks: 4));
        var model = new OpenAiChatModel(Local(server, retries: 0));
        var received = new StringBuilder();
        var ex = await Assert.ThrowsAsync<TailorException>(async () =>
        {
            await foreach (var u in model.StreamAsync(Hello)) received.Append(u.Text);
        });
        // what arrived before the break (the client may lose buffered bytes when the connection resets) is a strict prefix
        Assert.StartsWith(received.ToString(), reply);
        Assert.True(received.Length < reply.Length);
        Assert.Contains("broke off", ex.Message);
        Assert.Contains("incomplete", ex.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)] // after retries the SDK gathers every try's failure; the last one is what is described
    public async Task An_unreachable_server_names_the_url_and_asks_if_it_runs(int retries)
    {
        var (holder, port) = LocalPorts.Refusing(); // bound, never listening: connections are refused
        using var _ = holder;
        var settings = new OpenAiSettings { BaseUrl = new Uri($"http://127.0.0.1:{port}/v1/"), ChatModel = "llama3.1:8b", MaxRetries = retries, Timeout = TimeSpan.FromSeconds(60) };
        var model = new OpenAiChatModel(settings);
        var streamed = await Assert.ThrowsAsync<TailorException>(() => Collect(model));
        var whole = await Assert.ThrowsAsync<TailorException>(() => model.CompleteAsync(Hello));
        foreach (var ex in new[] { streamed, whole })
        {
            Assert.Contains($"http://127.0.0.1:{port}/v1/", ex.Message);
            Assert.Contains("cannot reach", ex.Message);
            Assert.Contains("ollama serve", ex.Message);
        }
    }

    [Fact]
    public async Task A_wrong_key_says_to_check_the_key()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        server.RequiredApiKey = "right";
        var model = new OpenAiChatModel(Local(server) with { ApiKey = "wrong" });
        var ex = await Assert.ThrowsAsync<TailorException>(() => Collect(model));
        Assert.Contains("refused the API key (401", ex.Message);
        Assert.Contains("OPENAI_API_KEY", ex.Message);
    }

    [Fact]
    public async Task An_unknown_model_is_named_with_the_server()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        server.KnownModels = new HashSet<string> { "llama3.1:8b" };
        var model = new OpenAiChatModel(Local(server) with { ChatModel = "lama3.1:8b" });
        var ex = await Assert.ThrowsAsync<TailorException>(() => model.CompleteAsync(Hello));
        Assert.Contains("does not know the model \"lama3.1:8b\"", ex.Message);
        Assert.Contains(server.BaseUrl.ToString(), ex.Message);
        Assert.Contains("ollama pull lama3.1:8b", ex.Message);
    }

    [Fact]
    public void No_chat_model_configured_is_a_clear_error()
    {
        var ex = Assert.Throws<TailorException>(() => new OpenAiChatModel(new OpenAiSettings { BaseUrl = new Uri("http://127.0.0.1:1/v1/") }));
        Assert.Contains("TAILOR_CHAT_MODEL", ex.Message);
    }
}
