using System.Text.Json;
using Tailor.Testing;

namespace Tailor.Cli.Tests.Commands;

/// <summary>Metadata filters and MMR end to end: ingest --tag, front matter, search/ask filters, docs list/show.</summary>
public sealed class SearchFilterCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("tailor-filter-cli");

    private string Kb => _temp.File("kb");

    private JsonElement Run(params string[] args) => RunIn(null, args);

    private JsonElement RunIn(string? workingDirectory, params string[] args)
    {
        var r = CliProcess.Run(args.Concat(["--kb", Kb, "--json"]), workingDirectory);
        Assert.True(r.ExitCode == 0, r.StdErr);
        return JsonDocument.Parse(r.StdOut).RootElement.Clone();
    }

    private void Ingest()
    {
        string[] topics = ["volcano lava eruption magma crater", "violin orchestra concerto symphony", "glacier ice snow melting", "bread flour yeast oven"];
        for (int i = 0; i < 20; i++)
        {
            var folder = i < 4 ? "news" : "notes";
            var front = i < 4 ? "---\ntags: [Press]\ndate: 2024-02-0" + (i + 1) + "\n---\n" : "";
            _temp.Write($"docs/{folder}/d{i:D2}.md", $"{front}# Note {i}\n\n{topics[i % 4]} entry {i}. The lava report {i}.\n");
        }
        Run("ingest", _temp.File("docs"), "--tag", "batch1");
    }

    [Fact]
    public void Search_and_ask_honour_tag_source_and_date_filters()
    {
        Ingest();
        var docs = Run("docs", "list").GetProperty("documents").EnumerateArray().ToList();
        Assert.Equal(20, docs.Count);
        Assert.All(docs, d => Assert.Contains("batch1", d.GetProperty("tags").EnumerateArray().Select(t => t.GetString())));
        var press = Run("docs", "show", "news/d00.md");
        Assert.Equal(["batch1", "press"], press.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("2024-02-01T00:00:00Z", press.GetProperty("date").GetString());

        var tagged = Run("search", "lava report", "-k", "10", "--tag", "press", "--tag", "batch1").GetProperty("hits").EnumerateArray().ToList();
        Assert.Equal(4, tagged.Count);
        Assert.All(tagged, h => Assert.StartsWith("news/", h.GetProperty("document_id").GetString()));

        var notes = Run("search", "lava report", "-k", "8", "--source", _temp.File("docs/notes"), "--mode", "lexical").GetProperty("hits").EnumerateArray().ToList();
        Assert.Equal(8, notes.Count);
        Assert.All(notes, h => Assert.StartsWith("notes/", h.GetProperty("document_id").GetString()));

        var dated = Run("search", "lava", "-k", "10", "--after", "2024-02-02", "--before", "2024-02-04").GetProperty("hits").EnumerateArray()
            .Select(h => h.GetProperty("document_id").GetString()).OrderBy(x => x).ToList();
        Assert.Equal(["news/d01.md", "news/d02.md"], dated);

        var answer = Run("ask", "Which entry is the volcano lava eruption report?", "--tag", "press", "--mmr", "0.5");
        Assert.NotEmpty(answer.GetProperty("citations").EnumerateArray());
        Assert.All(answer.GetProperty("citations").EnumerateArray(), c => Assert.StartsWith("news/", c.GetProperty("document_id").GetString()));

        var bad = CliProcess.Run(["search", "lava", "--after", "someday", "--kb", Kb]);
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("--after", bad.StdErr);
    }

    [Fact]
    public void Search_source_matches_the_ids_it_shows_and_a_relative_path_from_the_current_folder()
    {
        Ingest();
        List<string?> Ids(JsonElement result) => result.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("document_id").GetString()).ToList();

        // the ids search prints, from any folder
        var shown = Ids(Run("search", "lava report", "-k", "8", "--source", "news/", "--mode", "lexical"));
        Assert.Equal(4, shown.Count);
        Assert.All(shown, id => Assert.StartsWith("news/", id));
        var one = Ids(Run("search", "lava report", "-k", "8", "--source", "notes/d1", "--mode", "vector"));
        Assert.Equal(8, one.Count);
        Assert.All(one, id => Assert.StartsWith("notes/d1", id));
        // a relative path from the folder above the ingested one, as before
        var relative = Ids(RunIn(_temp.Path, "search", "lava report", "-k", "8", "--source", "docs/news", "--mode", "hybrid"));
        Assert.Equal(4, relative.Count);
        Assert.All(relative, id => Assert.StartsWith("news/", id));
        var ask = RunIn(_temp.Path, "ask", "Which entry is the volcano lava eruption report?", "--source", "news/");
        Assert.NotEmpty(ask.GetProperty("citations").EnumerateArray());
        Assert.All(ask.GetProperty("citations").EnumerateArray(), c => Assert.StartsWith("news/", c.GetProperty("document_id").GetString()));
        Assert.Empty(Ids(RunIn(_temp.Path, "search", "lava report", "--source", "docs/nowhere")));
    }

    public void Dispose() => _temp.Dispose();
}
