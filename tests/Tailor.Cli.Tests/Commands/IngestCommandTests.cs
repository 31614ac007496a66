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

    [Fact]
    public void A_stray_UTF16_byte_order_mark_makes_a_bad_file_while_real_UTF16_is_read()
    {
        // FF FE, then ASCII: valid UTF-16 code units, but meaningless (U+6E69 "湩" ...)
        Directory.CreateDirectory(_temp.File("bom"));
        File.WriteAllBytes(_temp.File("bom/garbage.txt"), [0xFF, 0xFE, .. Encoding.ASCII.GetBytes("zinvalid text behind a stray byte order mark, about otters and herons in the river.\n")]);
        File.WriteAllBytes(_temp.File("bom/odd.txt"), [0xFF, 0xFE, 0x41, 0x00, 0x42]); // a dangling byte
        File.WriteAllBytes(_temp.File("bom/real.txt"), [0xFF, 0xFE, .. Encoding.Unicode.GetBytes("Real UTF-16 text about kingfishers.\n")]);
        var r = CliProcess.Run(["ingest", _temp.File("bom"), "--kb", Kb, "--json"]);
        Assert.Equal(1, r.ExitCode);
        var json = JsonDocument.Parse(r.StdOut).RootElement;
        var failures = json.GetProperty("failures").EnumerateArray().ToDictionary(f => Path.GetFileName(f.GetProperty("source").GetString()!), f => f.GetProperty("error").GetString()!);
        Assert.Equal(["garbage.txt", "odd.txt"], failures.Keys.Order());
        Assert.Contains("UTF-16", failures["garbage.txt"]);
        Assert.Contains("UTF-8", failures["garbage.txt"]); // what to do
        Assert.Contains("not valid UTF-16", failures["odd.txt"]);
        Assert.Equal(1, json.GetProperty("added").GetInt32());
        Assert.Equal(1, Json("search", "kingfishers").GetProperty("hits").GetArrayLength());
        Assert.Empty(Json("search", "otters herons").GetProperty("hits").EnumerateArray());
    }

    [Fact]
    public void A_failed_first_ingest_creates_no_knowledge_base()
    {
        var r = CliProcess.Run(["ingest", "/dev/null", "--kb", Kb, "--json"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("nothing to ingest", JsonDocument.Parse(r.StdOut).RootElement.GetProperty("error").GetProperty("message").GetString());
        Assert.Contains("/dev/null", r.StdErr);
        Assert.False(Directory.Exists(Kb));

        var missing = CliProcess.Run(["ingest", _temp.File("no-such-folder"), "--kb", Kb]);
        Assert.Equal(2, missing.ExitCode);
        Assert.False(Directory.Exists(Kb));
    }

    [Fact]
    public void A_non_empty_folder_that_is_no_knowledge_base_is_refused_unless_forced()
    {
        _temp.Write("docs/a.md", "# A\n\nThe heron nests.\n");
        var other = _temp.Write("project/README.md", "someone else's folder\n");
        var folder = Path.GetDirectoryName(other)!;
        var refused = CliProcess.Run(["ingest", _temp.File("docs"), "--kb", folder]);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("--force", refused.StdErr);
        Assert.Equal(["README.md"], Directory.GetFileSystemEntries(folder).Select(Path.GetFileName));

        Directory.CreateDirectory(_temp.File("empty-folder"));
        Assert.Equal(0, CliProcess.Run(["ingest", _temp.File("docs"), "--kb", _temp.File("empty-folder")]).ExitCode);
        Assert.Equal(0, CliProcess.Run(["ingest", _temp.File("docs"), "--kb", _temp.File("empty-folder")]).ExitCode); // a knowledge base now
        var forced = CliProcess.Run(["ingest", _temp.File("docs"), "--kb", folder, "--force", "--json"]);
        Assert.True(forced.ExitCode == 0, forced.StdErr);
        Assert.True(File.Exists(Path.Combine(folder, "tailor.json")));
    }

    [Fact]
    public void Empty_and_blank_files_are_counted_as_skipped()
    {
        _temp.Write("e/a.md", "# A\n\nThe heron nests.\n");
        _temp.Write("e/empty.md", "");
        _temp.Write("e/blank.txt", "  \n\t\n");
        var json = Json("ingest", _temp.File("e"));
        Assert.Equal(2, json.GetProperty("skipped_empty").GetInt32());
        Assert.Equal(1, json.GetProperty("added").GetInt32());
        Assert.Equal(0, json.GetProperty("failed").GetInt32());
        var text = CliProcess.Run(["ingest", _temp.File("e"), "--kb", Kb]);
        Assert.Contains("2 empty skipped", text.StdOut);
    }

    [Fact]
    public void The_summary_reports_the_whole_command_and_json_the_stages()
    {
        for (int i = 0; i < 12; i++) _temp.Write($"s/d{i}.md", $"# Note {i}\n\nThe heron {i} nests by the river and the otter swims past mill {i}.\n");
        var json = Json("ingest", _temp.File("s"));
        var stages = json.GetProperty("stages");
        double open = stages.GetProperty("open").GetDouble(), documents = stages.GetProperty("documents").GetDouble();
        double index = stages.GetProperty("lexical_index").GetDouble(), embedding = stages.GetProperty("embedding").GetDouble();
        foreach (var stage in new[] { open, documents, index, embedding }) Assert.True(stage >= 0);
        Assert.True(embedding > 0, "the built-in embedder was trained, which takes time"); // 12 chunks: trained in this run
        double seconds = json.GetProperty("seconds").GetDouble();
        // the total is the command's wall time: it holds every stage (each rounded to a millisecond)
        Assert.True(seconds + 0.004 >= open + documents + index + embedding, $"seconds {seconds} < the sum of the stages");
    }

    [Fact]
    public void A_failure_names_its_file_once()
    {
        Directory.CreateDirectory(_temp.File("b"));
        File.WriteAllBytes(_temp.File("b/binary.txt"), [0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 2, 3, 0, 0]);
        _temp.Write("b/good.md", "# Good\n\nThe wren sings.\n");
        var r = CliProcess.Run(["ingest", _temp.File("b"), "--kb", Kb]);
        Assert.Equal(1, r.ExitCode);
        var line = r.StdOut.Split('\n').Single(l => l.StartsWith("failed ", StringComparison.Ordinal));
        var path = _temp.File("b/binary.txt");
        Assert.Equal(line.IndexOf(path, StringComparison.Ordinal), line.LastIndexOf(path, StringComparison.Ordinal));
        Assert.Contains("looks like a binary file", line);
    }

    [Fact]
    public void The_estimated_token_note_is_shown_once_per_knowledge_base()
    {
        _temp.Write("t/a.md", "# A\n\nThe heron nests.\n");
        var noVocabulary = new Dictionary<string, string?> { ["TAILOR_TOKENIZER_DIR"] = _temp.File("no-vocab"), ["XDG_CACHE_HOME"] = _temp.File("no-cache"), ["TAILOR_TOKENIZER_OFFLINE"] = "1" };
        var withVocabulary = new Dictionary<string, string?> { ["TAILOR_TOKENIZER_DIR"] = RepoPaths.Tokenizers, ["TAILOR_TOKENIZER_OFFLINE"] = "1" };
        const string Note = "note: token counts are estimated";

        // built with the vocabulary (its manifest says cl100k_base), then ingested where it is missing
        var built = CliProcess.Run(["ingest", _temp.File("t"), "--kb", Kb], env: withVocabulary);
        Assert.True(built.ExitCode == 0, built.StdErr);
        Assert.DoesNotContain(Note, built.StdErr);
        var first = CliProcess.Run(["ingest", _temp.File("t"), "--kb", Kb], env: noVocabulary);
        Assert.Contains(Note, first.StdErr);
        Assert.Contains("TAILOR_TOKENIZER_DIR", first.StdErr); // what ingest accepts, not an option it lacks
        Assert.DoesNotContain("--vocab-dir", first.StdErr);
        var second = CliProcess.Run(["ingest", _temp.File("t"), "--kb", Kb], env: noVocabulary);
        Assert.True(second.ExitCode == 0, second.StdErr);
        Assert.DoesNotContain(Note, second.StdErr);

        // a new knowledge base without the vocabulary: once at creation, not again
        var other = _temp.File("kb2");
        Assert.Contains(Note, CliProcess.Run(["ingest", _temp.File("t"), "--kb", other], env: noVocabulary).StdErr);
        Assert.DoesNotContain(Note, CliProcess.Run(["ingest", _temp.File("t"), "--kb", other], env: noVocabulary).StdErr);
    }

    public void Dispose() => _temp.Dispose();
}
