using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tailor.Server.Tests;
using Tailor.Testing;

using Tailor.Server.Tests.Http;

namespace Tailor.Server.Tests.Api;

public sealed class SearchAndAskTests
{
    [Fact]
    public async Task Search_gives_the_same_hits_as_the_cli_and_ask_the_same_answer()
    {
        await using var server = await ServerHarness.StartAsync();
        await server.WaitJobAsync(await server.UploadAsync(ServerHarness.Handbook()));

        using var search = await server.Client.PostAsJsonAsync("api/kbs/handbook/search", new { query = "vacation days for contractors", k = 3, explain = true });
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        var searchJson = await search.Content.ReadFromJsonAsync<JsonElement>();
        var hits = searchJson.GetProperty("hits");
        Assert.Equal("vacation.md", hits[0].GetProperty("document_id").GetString());
        Assert.True(hits[0].TryGetProperty("explain", out _));

        var cli = CliProcess.Run(["search", "vacation days for contractors", "-k", "3", "--kb", server.KbDirectory, "--json"]);
        Assert.Equal(0, cli.ExitCode);
        var cliJson = JsonDocument.Parse(cli.StdOut).RootElement;
        Assert.Equal(cliJson.EnumerateObject().Select(p => p.Name), searchJson.EnumerateObject().Select(p => p.Name)); // hits and degraded, as the CLI writes them
        var cliHits = cliJson.GetProperty("hits");
        Assert.Equal(cliHits.EnumerateArray().Select(h => (h.GetProperty("chunk_id").GetInt64(), h.GetProperty("score").GetDouble())),
            hits.EnumerateArray().Select(h => (h.GetProperty("chunk_id").GetInt64(), h.GetProperty("score").GetDouble())));

        using var ask = await server.Client.PostAsJsonAsync("api/kbs/handbook/ask", new { question = "How many vacation days do contractors get?" });
        var answer = await ask.Content.ReadFromJsonAsync<JsonElement>();
        var cliAsk = CliProcess.Run(["ask", "How many vacation days do contractors get?", "--kb", server.KbDirectory, "--json", "--offline"]);
        Assert.Equal(0, cliAsk.ExitCode);
        var cliAnswer = JsonDocument.Parse(cliAsk.StdOut).RootElement;
        Assert.Equal(cliAnswer.GetProperty("answer").GetString(), answer.GetProperty("answer").GetString());
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(AsServed.Of(System.Text.Json.Nodes.JsonNode.Parse(cliAnswer.GetRawText())), System.Text.Json.Nodes.JsonNode.Parse(answer.GetRawText())),
            $"server: {answer.GetRawText()}\ncli: {cliAnswer.GetRawText()}");
        Assert.True(answer.GetProperty("found").GetBoolean());
        Assert.Contains("10 vacation days", answer.GetProperty("answer").GetString());
        Assert.Equal("vacation.md", answer.GetProperty("citations")[0].GetProperty("document_id").GetString());
    }

    [Fact]
    public async Task A_streamed_ask_sends_text_deltas_then_the_citations_then_done()
    {
        var model = new ScriptedChatModel(_ => "Contractors get 10 vacation days a year [1].");
        await using var server = await ServerHarness.StartAsync(o => o with { ChatModel = model });
        await server.WaitJobAsync(await server.UploadAsync(ServerHarness.Handbook()));

        var events = await StreamAsync(server.Client, "api/kbs/handbook/ask", new { question = "How many vacation days do contractors get?", stream = true });
        var deltas = events.Where(e => e.Name == "delta").ToList();
        Assert.True(deltas.Count > 1);
        var text = string.Concat(deltas.Select(d => d.Data.GetProperty("text").GetString()));
        Assert.Equal("Contractors get 10 vacation days a year [1].", text);
        Assert.Equal(["delta", "citations", "done"], events.Select(e => e.Name).Distinct());
        var citations = events.Single(e => e.Name == "citations").Data;
        Assert.Equal(text, citations.GetProperty("answer").GetString());
        Assert.Equal("vacation.md", citations.GetProperty("citations")[0].GetProperty("document_id").GetString());
        Assert.Equal("scripted-model", citations.GetProperty("model").GetString());
    }

    [Fact]
    public async Task A_session_turn_is_stored_and_its_history_listed_and_deleted()
    {
        await using var server = await ServerHarness.StartAsync();
        await server.WaitJobAsync(await server.UploadAsync(ServerHarness.Handbook()));
        using (var created = await server.Client.PostAsJsonAsync("api/kbs/handbook/sessions", new { name = "support" }))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var turn = await server.Client.PostAsJsonAsync("api/kbs/handbook/sessions/support/turns", new { question = "How long may I work remotely?" });
        var body = await turn.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, turn.StatusCode);
        Assert.Contains("three days", body.GetProperty("answer").GetString());
        var streamed = await StreamAsync(server.Client, "api/kbs/handbook/sessions/support/turns", new { question = "Where do bicycles park?", stream = true });
        Assert.Contains("courtyard", streamed.Single(e => e.Name == "citations").Data.GetProperty("answer").GetString());

        var history = await server.Client.GetFromJsonAsync<JsonElement>("api/kbs/handbook/sessions/support/messages");
        Assert.Equal(["user", "assistant", "user", "assistant"], history.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        var list = await server.Client.GetFromJsonAsync<JsonElement>("api/kbs/handbook/sessions");
        Assert.Equal("support", list.GetProperty("sessions")[0].GetProperty("name").GetString());
        using (var deleted = await server.Client.DeleteAsync("api/kbs/handbook/sessions/support"))
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        using var gone = await server.Client.GetAsync("api/kbs/handbook/sessions/support/messages");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Concurrent_turns_in_one_session_are_all_stored()
    {
        await using var server = await ServerHarness.StartAsync();
        await server.WaitJobAsync(await server.UploadAsync(ServerHarness.Handbook()));
        var turns = Enumerable.Range(0, 8).Select(async i =>
        {
            using var response = await server.Client.PostAsJsonAsync("api/kbs/handbook/sessions/busy/turns", new { question = $"Where do bicycles park? ({i})" });
            return response.StatusCode;
        }).ToList();
        Assert.All(await Task.WhenAll(turns), s => Assert.Equal(HttpStatusCode.OK, s));
        var history = await server.Client.GetFromJsonAsync<JsonElement>("api/kbs/handbook/sessions/busy/messages");
        Assert.Equal(16, history.GetProperty("messages").GetArrayLength());
    }

    [Fact]
    public async Task Examples_are_imported_listed_and_selected()
    {
        await using var server = await ServerHarness.StartAsync();
        var jsonl = "{\"input\":\"How many vacation days?\",\"output\":\"25 [1].\"}\n{\"question\":\"Where is parking?\",\"answer\":\"In the garage [1].\"}\n";
        using var import = await server.Client.PostAsync("api/kbs/handbook/examples", new StringContent(jsonl, Encoding.UTF8, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.OK, import.StatusCode);
        Assert.Equal(2, (await import.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("added").GetInt32());
        var list = await server.Client.GetFromJsonAsync<JsonElement>("api/kbs/handbook/examples");
        Assert.Equal(2, list.GetProperty("count").GetInt32());
        using var select = await server.Client.PostAsJsonAsync("api/kbs/handbook/examples/select", new { question = "vacation days?", k = 1 });
        var picked = (await select.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("examples");
        Assert.Equal("How many vacation days?", picked[0].GetProperty("input").GetString());

        using var bad = await server.Client.PostAsync("api/kbs/handbook/examples", new StringContent("{broken\n", Encoding.UTF8, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("line 1", await bad.Content.ReadAsStringAsync());
    }

    internal sealed record Event(string Name, JsonElement Data);

    internal static async Task<List<Event>> StreamAsync(HttpClient client, string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var events = new List<Event>();
        string? name = null;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal)) name = line[7..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                events.Add(new Event(name ?? "", JsonDocument.Parse(line[6..]).RootElement.Clone()));
                name = null;
            }
        }
        return events;
    }
}
