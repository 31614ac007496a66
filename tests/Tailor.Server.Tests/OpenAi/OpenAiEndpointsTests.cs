using System.ClientModel;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Embeddings;
using Tailor.Testing;

namespace Tailor.Server.Tests.OpenAi;

public sealed class OpenAiEndpointsTests
{
    private static OpenAIClientOptions Options(ServerHarness server) => new() { Endpoint = new Uri(server.BaseAddress, "v1"), NetworkTimeout = TimeSpan.FromSeconds(120) };

    [Fact]
    public async Task The_openai_sdk_gets_a_grounded_cited_answer_with_sources_offline()
    {
        await using var server = await ServerHarness.StartAsync();
        await server.WaitJobAsync(await server.UploadAsync(ServerHarness.Handbook()));
        var client = new ChatClient("handbook", new ApiKeyCredential("unused"), Options(server));

        var result = await client.CompleteChatAsync([new UserChatMessage("How many vacation days do contractors get?")]);
        var text = result.Value.Content[0].Text;
        Assert.Contains("10 vacation days", text);
        Assert.Contains("[1]", text);
        Assert.Equal(ChatFinishReason.Stop, result.Value.FinishReason);
        var raw = JsonDocument.Parse(result.GetRawResponse().Content.ToString()).RootElement;
        var source = raw.GetProperty("choices")[0].GetProperty("message").GetProperty("sources")[0];
        Assert.Equal("vacation.md", source.GetProperty("document_id").GetString());
        Assert.Equal(1, source.GetProperty("n").GetInt32());
    }

    [Fact]
    public async Task The_openai_sdk_streams_chunks_and_earlier_messages_are_the_conversation()
    {
        var model = new ScriptedChatModel(_ => "Meals are covered up to 60 euros a day [1].");
        await using var server = await ServerHarness.StartAsync(o => o with { ChatModel = model });
        await server.WaitJobAsync(await server.UploadAsync(ServerHarness.Handbook()));
        var client = new ChatClient("tailor/handbook", new ApiKeyCredential("unused"), Options(server));

        var pieces = new List<string>();
        ChatFinishReason? finish = null;
        await foreach (var update in client.CompleteChatStreamingAsync(
            [new UserChatMessage("Are travel expenses reimbursed?"), new AssistantChatMessage("Yes, within 30 days [1]."), new UserChatMessage("And meals?")]))
        {
            pieces.AddRange(update.ContentUpdate.Select(p => p.Text));
            finish ??= update.FinishReason;
        }
        Assert.True(pieces.Count > 1);
        Assert.Equal("Meals are covered up to 60 euros a day [1].", string.Concat(pieces));
        Assert.Equal(ChatFinishReason.Stop, finish);
        var prompt = model.Requests.Single();
        Assert.Contains(prompt, m => m.Content == "Yes, within 30 days [1].");
        Assert.Contains("meals", prompt[^1].Content, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_raw_stream_ends_with_done_and_carries_the_sources()
    {
        await using var server = await ServerHarness.StartAsync();
        await server.WaitJobAsync(await server.UploadAsync(ServerHarness.Handbook()));
        using var response = await server.Client.PostAsync("v1/chat/completions", new StringContent(
            "{\"model\":\"handbook\",\"stream\":true,\"temperature\":0.2,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Where do bicycles park?\"}]}]}", Encoding.UTF8, "application/json"));
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n').Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).Select(l => l[6..]).ToList();
        Assert.Equal("[DONE]", lines[^1]);
        var chunks = lines[..^1].Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        var last = chunks[^1].GetProperty("choices")[0];
        Assert.Equal("stop", last.GetProperty("finish_reason").GetString());
        Assert.Equal("parking.md", last.GetProperty("delta").GetProperty("sources")[0].GetProperty("document_id").GetString());
    }

    [Fact]
    public async Task Models_list_the_knowledge_bases_and_embeddings_come_from_its_embedder()
    {
        await using var server = await ServerHarness.StartAsync();
        await server.WaitJobAsync(await server.UploadAsync(ServerHarness.Handbook()));
        var models = await new OpenAIClient(new ApiKeyCredential("unused"), Options(server)).GetOpenAIModelClient().GetModelsAsync();
        Assert.Equal(["handbook"], models.Value.Select(m => m.Id));

        var embeddings = new EmbeddingClient("handbook", new ApiKeyCredential("unused"), Options(server));
        var vector = (await embeddings.GenerateEmbeddingAsync("vacation days")).Value.ToFloats();
        Assert.True(vector.Length > 8);
        var floats = await server.Client.PostAsJsonAsync("v1/embeddings", new { model = "handbook", input = new[] { "vacation days", "parking" } });
        var data = (await floats.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data");
        Assert.Equal(2, data.GetArrayLength());
        Assert.Equal(vector.ToArray(), data[0].GetProperty("embedding").EnumerateArray().Select(e => e.GetSingle()).ToArray());

        using var unknown = await server.Client.PostAsJsonAsync("v1/chat/completions", new { model = "nope", messages = new[] { new { role = "user", content = "hi" } } });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("model", await unknown.Content.ReadAsStringAsync());
    }
}
