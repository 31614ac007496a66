using System.Text.Json;
using Tailor.Testing;
using Tailor.Testing.OpenAi;

namespace Tailor.Cli.Tests.Commands;

public sealed class ExamplesCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("tailor-examples-cli");

    private string Kb => _temp.File("kb");

    private JsonElement Json(params string[] args)
    {
        var r = CliProcess.Run(args.Concat(["--kb", Kb, "--json"]));
        Assert.True(r.ExitCode == 0, r.StdErr);
        return JsonDocument.Parse(r.StdOut).RootElement.Clone();
    }

    [Fact]
    public void Add_import_list_select_and_remove()
    {
        var added = Json("examples", "add", "--input", "How many vacation days do employees get?", "--output", "25 days [1].", "--id", "vacation");
        Assert.Equal("vacation", added.GetProperty("id").GetString());
        _temp.Write("more.jsonl", """
            {"question": "Where do I submit expenses?", "answer": "In the portal [1]."}
            {"prompt": "Who approves travel?", "completion": "Your manager [1]."}
            {"input": "How many vacation days do employees get?", "output": "25 days [1]."}
            """);
        var imported = Json("examples", "import", _temp.File("more.jsonl"));
        Assert.Equal(2, imported.GetProperty("added").GetInt32());
        Assert.Equal(1, imported.GetProperty("duplicates").GetInt32());
        Assert.Equal(3, Json("examples", "list").GetProperty("count").GetInt32());

        var selected = Json("examples", "select", "how many vacation days for contractors", "-k", "1");
        Assert.Equal("tf-idf", selected.GetProperty("method").GetString());
        Assert.Equal("vacation", selected.GetProperty("examples")[0].GetProperty("id").GetString());

        Assert.Equal("vacation", Json("examples", "remove", "vacation").GetProperty("removed").GetString());
        var missing = CliProcess.Run(["examples", "remove", "vacation", "--kb", Kb]);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("no example has id \"vacation\"", missing.StdErr);
    }

    [Fact]
    public void A_malformed_import_fails_with_line_numbers_and_imports_nothing()
    {
        _temp.Write("bad.jsonl", "{\"input\": \"a\", \"output\": \"b\"}\n{\"input\": \"a\"\n");
        var r = CliProcess.Run(["examples", "import", _temp.File("bad.jsonl"), "--kb", Kb]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("bad.jsonl: line 2: not valid JSON", r.StdErr);
        Assert.Equal(0, Json("examples", "list").GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Ask_with_a_model_shows_it_the_most_similar_stored_examples()
    {
        _temp.Write("docs/leave.md", "# Leave\n\nEmployees get 25 vacation days per year.\n");
        Assert.Equal(0, CliProcess.Run(["ingest", _temp.File("docs"), "--kb", Kb]).ExitCode);
        Json("examples", "add", "--input", "How many sick days do employees get?", "--output", "Ten sick days [1].", "--id", "sick");
        Json("examples", "add", "--input", "Where is the cafeteria?", "--output", "On the ground floor [1].", "--id", "cafeteria");
        await using var server = await OpenAiTestServer.StartAsync();
        server.ChatReply = _ => "25 days [1].";
        var env = new Dictionary<string, string?>
        {
            ["TAILOR_CONFIG"] = _temp.Write("config.json", "{ \"openai\": { \"maxRetries\": 0 } }"),
            ["OPENAI_BASE_URL"] = server.BaseUrl.ToString(), ["TAILOR_CHAT_MODEL"] = "test-model", ["OPENAI_API_KEY"] = null, ["TAILOR_RERANK_URL"] = null,
        };
        var r = CliProcess.Run(["ask", "How many vacation days do employees get?", "--kb", Kb, "--json"], env: env);
        Assert.True(r.ExitCode == 0, r.StdErr);
        var messages = server.RequestsTo("chat/completions").Single().Json!["messages"]!.AsArray()
            .Select(m => (Role: m!["role"]!.GetValue<string>(), Content: m["content"]!.GetValue<string>())).ToList();
        int example = messages.FindIndex(m => m.Role == "user" && m.Content.Contains("How many sick days do employees get?"));
        Assert.True(example > 0, string.Join(" | ", messages.Select(m => m.Role + ": " + m.Content[..Math.Min(60, m.Content.Length)])));
        Assert.Equal(("assistant", "Ten sick days [1]."), messages[example + 1]);
        Assert.Contains("Where is the cafeteria?", string.Join("\n", messages.Select(m => m.Content))); // k = 3 by default: both stored examples fit
    }

    public void Dispose() => _temp.Dispose();
}
