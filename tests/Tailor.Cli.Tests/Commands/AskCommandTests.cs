using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Tailor.Testing;
using Tailor.Testing.OpenAi;

namespace Tailor.Cli.Tests.Commands;

/// <summary>`tailor ask` with a chat model on the local OpenAI wire-format test server, offline, and when the server fails.</summary>
public sealed class AskCommandTests : IDisposable
{
    private const string Question = "How many vacation days do contractors get?";
    private readonly TempDirectory _temp = new("tailor-ask-cli");

    private string Kb => _temp.File("kb");

    private void Ingest()
    {
        _temp.Write("docs/leave.md", "# Leave\n\nContractors get fifteen days of paid vacation per year.\nVacation must be booked two weeks ahead.\n");
        _temp.Write("docs/holidays.md", "# Holidays\n\nPublic holidays are not counted as vacation days.\n");
        _temp.Write("docs/travel.md", "# Travel\n\nTravel is booked through the travel desk.\n");
        var r = CliProcess.Run(["ingest", _temp.File("docs"), "--kb", Kb]);
        Assert.True(r.ExitCode == 0, r.StdErr);
    }

    /// <summary>
    /// The environment of a user with a model server: no other config file, retries off so faults surface at once
    /// (<paramref name="defaultRetries"/>: the retries a user gets without a config).
    /// </summary>
    private Dictionary<string, string?> Env(Uri baseUrl, string model = "test-model", bool defaultRetries = false)
    {
        var config = _temp.Write("config.json", defaultRetries ? "{ }" : "{ \"openai\": { \"maxRetries\": 0, \"timeoutSeconds\": 60 } }");
        return new()
        {
            ["TAILOR_CONFIG"] = config,
            ["OPENAI_BASE_URL"] = baseUrl.ToString(),
            ["TAILOR_CHAT_MODEL"] = model,
            ["OPENAI_API_KEY"] = "",
            ["AZURE_OPENAI_ENDPOINT"] = "",
        };
    }

    private static JsonElement Json(CliProcess.Result r)
    {
        Assert.True(r.ExitCode == 0, r.StdErr);
        return JsonDocument.Parse(r.StdOut).RootElement.Clone();
    }

    /// <summary>A model that cites the source holding "fifteen days", and a source that was never given.</summary>
    private static string CitingReply(ChatRequest r)
    {
        var user = r.LastUser;
        var id = Regex.Matches(user, "<source id=\"(\\d+)\"[^>]*>\\n([^<]*)</source>").First(m => m.Groups[2].Value.Contains("fifteen days")).Groups[1].Value;
        return $"Contractors get fifteen days of paid vacation a year [{id}]. Bonus days exist too [42].";
    }

    [Fact]
    public async Task Ask_json_returns_the_models_answer_validated_citations_model_and_usage()
    {
        Ingest();
        await using var server = await OpenAiTestServer.StartAsync();
        server.ChatReply = CitingReply;
        var json = Json(CliProcess.Run(["ask", Question, "--kb", Kb, "--json"], env: Env(server.BaseUrl)));

        Assert.Equal("test-model", json.GetProperty("model").GetString());
        Assert.Equal("Contractors get fifteen days of paid vacation a year [1]. Bonus days exist too.", json.GetProperty("answer").GetString());
        Assert.True(json.GetProperty("found").GetBoolean());
        var citation = Assert.Single(json.GetProperty("citations").EnumerateArray());
        Assert.Equal(1, citation.GetProperty("n").GetInt32());
        Assert.Equal("leave.md", citation.GetProperty("document_id").GetString());
        Assert.Contains("leave.md#L", citation.GetProperty("link").GetString());
        Assert.Equal(["Contractors get fifteen days of paid vacation per year."], citation.GetProperty("quotes").EnumerateArray().Select(q => q.GetString()));
        Assert.Equal([42], json.GetProperty("invalid_citations").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(["Bonus days exist too."], json.GetProperty("uncited").EnumerateArray().Select(e => e.GetString()));
        var usage = json.GetProperty("usage");
        Assert.True(usage.GetProperty("input_tokens").GetInt32() > 50);
        Assert.True(usage.GetProperty("output_tokens").GetInt32() > 5);
        Assert.False(usage.GetProperty("estimated").GetBoolean());

        var request = Assert.Single(server.RequestsTo("chat/completions"));
        Assert.Equal("test-model", request.Json!["model"]!.GetValue<string>());
        Assert.Contains("Question: " + Question, request.Body);
    }

    [Fact]
    public async Task Plain_output_shows_the_answer_sources_and_usage()
    {
        Ingest();
        await using var server = await OpenAiTestServer.StartAsync();
        server.ReportUsage = false;
        server.ChatReply = CitingReply;
        var r = CliProcess.Run(["ask", Question, "--kb", Kb], env: Env(server.BaseUrl));
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Contains("Contractors get fifteen days of paid vacation a year [1].", r.StdOut);
        Assert.Matches(@"\[1\] \S*leave\.md#L", r.StdOut);
        Assert.Contains("Removed citations to sources that were not given: [42]", r.StdOut);
        Assert.Contains("test-model:", r.StdOut);
        Assert.Contains("(estimated)", r.StdOut);
    }

    [Fact]
    public async Task Offline_answers_extractively_without_asking_the_server()
    {
        Ingest();
        await using var server = await OpenAiTestServer.StartAsync();
        var json = Json(CliProcess.Run(["ask", Question, "--kb", Kb, "--json", "--offline"], env: Env(server.BaseUrl)));
        Assert.Equal("extractive", json.GetProperty("model").GetString());
        Assert.Contains("fifteen days", json.GetProperty("answer").GetString());
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_failing_server_fails_the_command_with_its_message()
    {
        Ingest();
        await using var server = await OpenAiTestServer.StartAsync();
        server.Fail("chat/completions", ServerFault.Status(500), times: 5);
        var r = CliProcess.Run(["ask", Question, "--kb", Kb, "--json"], env: Env(server.BaseUrl));
        Assert.Equal(5, r.ExitCode); // upstream
        Assert.Contains("HTTP 500", r.StdErr);
        Assert.Contains("--fallback extractive", r.StdErr);
    }

    [Fact]
    public async Task Fallback_extractive_answers_offline_and_says_why()
    {
        Ingest();
        await using var server = await OpenAiTestServer.StartAsync();
        server.Fail("chat/completions", ServerFault.Status(500), times: 5);
        var r = CliProcess.Run(["ask", Question, "--kb", Kb, "--json", "--fallback", "extractive"], env: Env(server.BaseUrl));
        var json = Json(r);
        Assert.Equal("extractive", json.GetProperty("model").GetString());
        Assert.Contains("fifteen days", json.GetProperty("answer").GetString());
        Assert.Contains("HTTP 500", json.GetProperty("fallback").GetString());
        Assert.Contains("answering offline", r.StdErr);

        var plain = CliProcess.Run(["ask", Question, "--kb", Kb, "--fallback", "extractive"], env: Env(server.BaseUrl));
        Assert.Equal(0, plain.ExitCode);
        Assert.Contains("answered offline", plain.StdOut);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // the SDK's retries gather every try's failure; it must still read as an unreachable server
    public void An_unreachable_server_is_named_and_fallback_answers_offline(bool defaultRetries)
    {
        Ingest();
        var (holder, port) = LocalPorts.Refusing();
        using var _ = holder;
        var env = Env(new Uri($"http://127.0.0.1:{port}/v1/"), "llama3.1:8b", defaultRetries);
        var r = CliProcess.Run(["ask", Question, "--kb", Kb], env: env);
        Assert.Equal(5, r.ExitCode); // upstream
        Assert.Contains($"cannot reach the model server at http://127.0.0.1:{port}/v1/", r.StdErr);
        Assert.Contains("Is the server running?", r.StdErr);

        var fallback = CliProcess.Run(["ask", Question, "--kb", Kb, "--json", "--fallback", "extractive"], env: env);
        var json = Json(fallback);
        Assert.Equal("extractive", json.GetProperty("model").GetString());
        Assert.Contains("cannot reach", json.GetProperty("fallback").GetString());
    }

    [Fact]
    public async Task Prompt_templates_in_the_knowledge_base_folder_are_used()
    {
        Ingest();
        await using var server = await OpenAiTestServer.StartAsync();
        server.ChatReply = CitingReply;
        Directory.CreateDirectory(Path.Combine(Kb, "prompts"));
        File.WriteAllText(Path.Combine(Kb, "prompts", "system.md"), "House rules: cite sources as [n]; say \"{{not_found}}\" when unsure.");
        Json(CliProcess.Run(["ask", Question, "--kb", Kb, "--json"], env: Env(server.BaseUrl)));
        var system = server.RequestsTo("chat/completions")[0].Json!["messages"]![0]!["content"]!.GetValue<string>();
        Assert.StartsWith("House rules: cite sources as [n]; say \"The sources do not contain", system);
    }

    private static string Handbook => Path.Combine(RepoPaths.Samples, "quickstart", "handbook");

    [Fact]
    public void The_not_found_reason_states_the_criterion_that_decided_and_text_mode_shows_it()
    {
        Assert.Equal(0, CliProcess.Run(["ingest", Handbook, "--kb", Kb]).ExitCode);
        const string Unanswerable = "What is the CEO salary in Berlin?";
        var json = Json(CliProcess.Run(["ask", Unanswerable, "--kb", Kb, "--json"]));
        Assert.False(json.GetProperty("found").GetBoolean());
        var reason = json.GetProperty("reason").GetString()!;
        var m = Regex.Match(reason, @"best sentence covers (\d+) % .*?\((\d+) % needed\), and the chosen sentences together cover (\d+) % \((\d+) % needed when the best covers at least (\d+) %\)");
        Assert.True(m.Success, reason);
        int best = int.Parse(m.Groups[1].Value), needed = int.Parse(m.Groups[2].Value), union = int.Parse(m.Groups[3].Value), unionNeeded = int.Parse(m.Groups[4].Value), bestAtLeast = int.Parse(m.Groups[5].Value);
        // the numbers must agree with the verdict: neither way of answering was met
        Assert.True(best < needed, reason);
        Assert.True(best < bestAtLeast || union < unionNeeded, reason);

        var text = CliProcess.Run(["ask", Unanswerable, "--kb", Kb]);
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("I could not find an answer", text.StdOut);
        Assert.Contains("Why: " + reason, text.StdOut);
    }

    [Fact]
    public void Citations_are_one_per_source_with_their_quotes_and_reason_is_always_present()
    {
        Assert.Equal(0, CliProcess.Run(["ingest", Handbook, "--kb", Kb]).ExitCode);
        var json = Json(CliProcess.Run(["ask", Question, "--kb", Kb, "--json", "--mode", "lexical"]));
        Assert.True(json.GetProperty("found").GetBoolean());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("reason").ValueKind);
        var citations = json.GetProperty("citations").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(1, citations.Count), citations.Select(c => c.GetProperty("n").GetInt32()));
        Assert.Equal(citations.Count, citations.Select(c => c.GetProperty("link").GetString()).Distinct().Count());
        var answer = json.GetProperty("answer").GetString()!;
        int markers = Regex.Matches(answer, @"\[\d+\]").Count;
        int quotes = citations.Sum(c => c.GetProperty("quotes").GetArrayLength());
        Assert.True(quotes >= citations.Count);
        Assert.Equal(markers, quotes); // each quoted sentence carries its source's marker; the sources are not repeated
        Assert.True(citations.Count < markers, "the handbook answer quotes one source twice: " + answer);
    }

    [Fact]
    public void Ask_and_chat_take_the_same_retrieval_filters_as_search()
    {
        _temp.Write("f/leave.md", "---\ntags: [hr]\n---\n# Leave\n\nContractors get fifteen days of paid vacation per year.\n");
        _temp.Write("f/other.md", "---\ntags: [ops]\n---\n# Other leave\n\nContractors get thirty days of paid vacation per year in the ops team.\n");
        Assert.Equal(0, CliProcess.Run(["ingest", _temp.File("f"), "--kb", Kb]).ExitCode);
        var ask = Json(CliProcess.Run(["ask", Question, "--kb", Kb, "--json", "--tag", "ops", "--mode", "lexical", "--mmr", "0.7"]));
        Assert.All(ask.GetProperty("citations").EnumerateArray(), c => Assert.Equal("other.md", c.GetProperty("document_id").GetString()));
        var chat = CliProcess.Run(["chat", "--kb", Kb, "--json", "--offline", "--tag", "hr", "--mode", "lexical", "--source", _temp.File("f")], stdin: Question + "\n");
        Assert.True(chat.ExitCode == 0, chat.StdErr);
        var turn = JsonDocument.Parse(chat.StdOut.Trim()).RootElement;
        Assert.NotEmpty(turn.GetProperty("citations").EnumerateArray());
        Assert.All(turn.GetProperty("citations").EnumerateArray(), c => Assert.Equal("leave.md", c.GetProperty("document_id").GetString()));
    }

    public void Dispose() => _temp.Dispose();
}
