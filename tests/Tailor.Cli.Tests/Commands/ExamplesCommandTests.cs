using System.Text.Json;
using Tailor.Testing;

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

    public void Dispose() => _temp.Dispose();
}
