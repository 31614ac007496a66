using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Tailor.Onnx;
using Tailor.Onnx.Models;
using Tailor.Responses;
using Tailor.Server.Hosting;

using Tailor.Server.Tests.Http;

namespace Tailor.Server.Tests.Api;

/// <summary>Offline, every endpoint that answers gives the library's answer: on a knowledge base with a pretrained embedder, sentences are judged by meaning too.</summary>
public sealed class OfflineAnswerTests
{
    // answered in other words: term overlap alone finds nothing to quote, meaning does
    private const string Question = "how do I keep a second server as a copy of the first";

    private static readonly Dictionary<string, string> Operations = new()
    {
        ["standby.md"] = "# Running a standby\n\nA standby server continuously applies the write-ahead log shipped from the primary, so it holds an up-to-date replica that can take over when the primary fails. Standby servers accept read-only queries.\n",
        ["logs.md"] = "# Log rotation\n\nThe server writes its messages to the log directory. Log output is rotated daily, and files older than seven days are deleted by the cleanup job.\n",
        ["leave.md"] = "# Leave\n\nContractors accrue paid time off at half the rate of employees. The office is closed on public holidays.\n",
    };

    [Fact]
    public async Task Ask_session_turns_and_chat_completions_answer_as_the_library_does()
    {
        await using var server = await ServerHarness.StartAsync(o => o with { Embedder = OnnxEmbedder.Create(BundledModels.MiniLm) });
        await server.WaitJobAsync(await server.UploadAsync(Operations));
        var kb = server.App.Services.GetRequiredService<KnowledgeBaseRegistry>().Get(server.Kb).Open;
        Assert.NotNull(kb.Meaning); // the premise: this knowledge base judges relevance by meaning

        var library = await kb.AskAsync(Question);
        Assert.True(library.Found, library.Reason);
        Assert.Contains("standby server continuously applies", library.Citations[0].Quote);
        var expected = AsServed.Of(JsonNode.Parse(JsonSerializer.Serialize(AnswerResponse.From(library), ResponseJson.Options)));

        using var ask = await server.Client.PostAsJsonAsync("api/kbs/handbook/ask", new { question = Question });
        Assert.Equal(HttpStatusCode.OK, ask.StatusCode);
        var asked = JsonNode.Parse(await ask.Content.ReadAsStringAsync());
        Assert.True(JsonNode.DeepEquals(expected, asked), $"server: {asked}\nlibrary: {expected}");

        using var turn = await server.Client.PostAsJsonAsync("api/kbs/handbook/sessions/ops/turns", new { question = Question });
        Assert.Equal(HttpStatusCode.OK, turn.StatusCode);
        var turned = JsonNode.Parse(await turn.Content.ReadAsStringAsync())!;
        foreach (var field in new[] { "answer", "found", "citations", "uncited", "invalid_citations", "model" })
            Assert.True(JsonNode.DeepEquals(expected![field], turned[field]), $"{field}: server {turned[field]}, library {expected[field]}");

        using var chat = await server.Client.PostAsJsonAsync("v1/chat/completions", new { model = "handbook", messages = new[] { new { role = "user", content = Question } } });
        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        var completion = JsonNode.Parse(await chat.Content.ReadAsStringAsync())!;
        Assert.Equal(library.Text, completion["choices"]![0]!["message"]!["content"]!.GetValue<string>());
    }
}
