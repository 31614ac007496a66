using System.Text;
using System.Text.Json;
using Tailor.Testing;

namespace Tailor.Cli.Tests.Commands;

public sealed class IngestCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("tailor-cli");

    private string Kb => _temp.File("kb");

    private JsonElement Json(params string[] args)
    {
        var r = CliProcess.Run(args.Append("--json").Append("--kb").Append(Kb));
        Assert.True(r.StdOut.TrimStart().StartsWith('{'), $"expected JSON, got: {r.StdOut}\n{r.StdErr}");
        return JsonDocument.Parse(r.StdOut).RootElement.Clone();
    }

    [Fact]
    public void Ingest_reports_counts_and_is_incremental()
    {
        _temp.Write("docs/guide.md", "# Guide\n\n## Install\n\nRun the installer and reboot the zebracorn host.\n");
        _temp.Write("docs/notes.txt", "Plain notes about quokkas.\n\nSecond paragraph.\n");
        _temp.Write("docs/page.html", "<html><head><title>Page</title><script>var x=1;</script></head><body><nav>menu</nav><main><h1 id='top'>Page</h1><p>Wombats dig burrows.</p></main></body></html>");
        _temp.Write("docs/records.jsonl", "{\"_id\":\"r1\",\"title\":\"One\",\"text\":\"first record about narwhals\"}\n{\"_id\":\"r2\",\"text\":\"second record\"}\n");

        var first = Json("ingest", _temp.File("docs"));
        Assert.Equal(5, first.GetProperty("added").GetInt32());
        Assert.Equal(0, first.GetProperty("failed").GetInt32());
        Assert.True(first.GetProperty("chunks").GetInt32() >= 5);
        Assert.Empty(first.GetProperty("failures").EnumerateArray());

        var again = Json("ingest", _temp.File("docs"));
        Assert.Equal(0, again.GetProperty("added").GetInt32());
        Assert.Equal(5, again.GetProperty("unchanged").GetInt32());

        _temp.Write("docs/notes.txt", "Plain notes about quokkas and echidnas.\n");
        File.Delete(_temp.File("docs/page.html"));
        var synced = Json("ingest", _temp.File("docs"), "--sync");
        Assert.Equal(1, synced.GetProperty("updated").GetInt32());
        Assert.Equal(1, synced.GetProperty("removed").GetInt32());
        Assert.Equal(4, synced.GetProperty("unchanged").GetInt32() + synced.GetProperty("updated").GetInt32());

        var list = Json("docs", "list");
        var ids = list.GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("document_id").GetString()).ToList();
        Assert.Equal(["guide.md", "notes.txt", "r1", "r2"], ids);

        var hits = Json("search", "echidnas").GetProperty("hits");
        Assert.Equal("notes.txt", hits[0].GetProperty("document_id").GetString());
        Assert.Empty(Json("search", "wombats").GetProperty("hits").EnumerateArray());
    }

    [Fact]
    public void Bad_inputs_fail_per_file_and_the_rest_is_ingested()
    {
        _temp.Write("in/good.md", "# Good\n\nThe axolotl regrows limbs.\n");
        File.WriteAllBytes(_temp.File("in/binary.txt"), [0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 2, 3, 0, 0, 0, 0, 9, 9]);
        File.WriteAllBytes(_temp.File("in/latin1.txt"), Encoding.Latin1.GetBytes("caf\u00e9 cr\u00e8me br\u00fbl\u00e9e"));
        _temp.Write("in/empty.md", "");
        _temp.Write("in/broken.html", "<html><body><div><p>unclosed <b>bold <i>italic <table><tr><td>cell about ibexes");
        _temp.Write("in/data.jsonl", "{\"_id\":\"ok1\",\"text\":\"a fine record about okapis\"}\nthis is not json\n{\"_id\":\"ok2\",\"text\":\"another fine record\"}\n");

        var r = CliProcess.Run(["ingest", _temp.File("in"), "--kb", Kb, "--json"]);
        Assert.Equal(1, r.ExitCode);
        var json = JsonDocument.Parse(r.StdOut).RootElement;
        var failures = json.GetProperty("failures").EnumerateArray()
            .Select(f => (Source: f.GetProperty("source").GetString()!, Error: f.GetProperty("error").GetString()!)).ToList();
        Assert.Contains(failures, f => f.Source.EndsWith("binary.txt") && f.Error.Contains("binary", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(failures, f => f.Source.EndsWith("latin1.txt") && f.Error.Contains("UTF-8", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(failures, f => f.Source.EndsWith("data.jsonl") && f.Error.Contains("line 2"));
        Assert.Equal(failures.Count, json.GetProperty("failed").GetInt32());

        var ids = Json("docs", "list").GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("document_id").GetString()).ToHashSet();
        Assert.Contains("good.md", ids);
        Assert.Contains("broken.html", ids);
        Assert.Contains("ok1", ids);
        Assert.Contains("ok2", ids);
        Assert.DoesNotContain("binary.txt", ids);
        Assert.DoesNotContain("latin1.txt", ids);
        Assert.Equal(1, Json("search", "ibexes").GetProperty("hits").GetArrayLength());

        var check = CliProcess.Run(["check", "--kb", Kb, "--json"]);
        Assert.Equal(0, check.ExitCode);
    }

    [Fact]
    public void Oversized_files_and_missing_paths_are_reported()
    {
        _temp.Write("big/huge.txt", new string('a', 10) + string.Concat(Enumerable.Repeat("word ", 300_000)));
        var r = CliProcess.Run(["ingest", _temp.File("big"), _temp.File("does-not-exist"), "--kb", Kb, "--json", "--max-file-mb", "1"]);
        Assert.Equal(1, r.ExitCode);
        var failures = JsonDocument.Parse(r.StdOut).RootElement.GetProperty("failures").EnumerateArray().Select(f => f.GetProperty("error").GetString()!).ToList();
        Assert.Contains(failures, e => e.Contains("limit"));
        Assert.Contains(failures, e => e.Contains("no such file"));
    }

    [Fact]
    public void Include_and_exclude_globs_filter_files()
    {
        _temp.Write("g/a.md", "# A\n\nalpha\n");
        _temp.Write("g/drafts/b.md", "# B\n\nbeta\n");
        _temp.Write("g/c.txt", "gamma\n");
        var json = Json("ingest", _temp.File("g"), "--include", "*.md", "--exclude", "drafts/**");
        Assert.Equal(1, json.GetProperty("added").GetInt32());
        var ids = Json("docs", "list").GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("document_id").GetString()).ToList();
        Assert.Equal(["a.md"], ids);
    }

    [Fact]
    public void Commands_on_a_missing_knowledge_base_say_how_to_create_one()
    {
        var r = CliProcess.Run(["search", "anything", "--kb", _temp.File("nothing-here")]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("tailor ingest", r.StdErr);
    }

    public void Dispose() => _temp.Dispose();
}
