using System.Text.Json;
using Tailor.Testing;

namespace Tailor.Cli.Tests.Commands;

/// <summary>`tailor docs list|show|delete`: the same names as search, and ids that were not found named.</summary>
public sealed class DocsCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("tailor-docs-cli");

    private string Kb => _temp.File("kb");

    private void Ingest()
    {
        _temp.Write("docs/a.md", "# A\n\nThe heron nests by the river.\n");
        _temp.Write("docs/b.md", "# B\n\nThe otter swims past the mill.\n");
        Assert.Equal(0, CliProcess.Run(["ingest", _temp.File("docs"), "--kb", Kb]).ExitCode);
    }

    private static JsonElement Json(CliProcess.Result r, int exitCode = 0)
    {
        Assert.True(r.ExitCode == exitCode, $"exit {r.ExitCode}: {r.StdErr}");
        return JsonDocument.Parse(r.StdOut).RootElement.Clone();
    }

    [Fact]
    public void A_document_is_named_document_id_in_list_show_and_search()
    {
        Ingest();
        var listed = Json(CliProcess.Run(["docs", "list", "--kb", Kb, "--json"])).GetProperty("documents").EnumerateArray()
            .Select(d => d.GetProperty("document_id").GetString()).ToList();
        Assert.Equal(["a.md", "b.md"], listed);
        Assert.Equal("a.md", Json(CliProcess.Run(["docs", "show", "a.md", "--kb", Kb, "--json"])).GetProperty("document_id").GetString());
        Assert.Equal("a.md", Json(CliProcess.Run(["search", "heron", "--kb", Kb, "--json"])).GetProperty("hits")[0].GetProperty("document_id").GetString());
    }

    [Fact]
    public void Delete_names_the_ids_it_did_not_find_and_exits_2()
    {
        Ingest();
        var r = CliProcess.Run(["docs", "delete", "a.md", "gone.md", "also-gone.md", "--kb", Kb]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("1 of 3 documents deleted", r.StdOut);
        Assert.Contains("'gone.md'", r.StdErr);
        Assert.Contains("'also-gone.md'", r.StdErr);
        Assert.DoesNotContain("'a.md'", r.StdErr);

        var json = Json(CliProcess.Run(["docs", "delete", "b.md", "gone.md", "--kb", Kb, "--json"]), exitCode: 2);
        Assert.Equal(1, json.GetProperty("deleted").GetInt32());
        Assert.Equal(["gone.md"], json.GetProperty("not_found").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("not_found", json.GetProperty("error").GetProperty("code").GetString());

        var all = Json(CliProcess.Run(["docs", "list", "--kb", Kb, "--json"]));
        Assert.Equal(0, all.GetProperty("count").GetInt32());
        var none = CliProcess.Run(["docs", "show", "a.md", "--kb", Kb]);
        Assert.Equal(2, none.ExitCode); // the same code as delete for the same problem
    }

    public void Dispose() => _temp.Dispose();
}
