using System.Text.Json;
using Tailor.Testing;

namespace Tailor.Cli.Tests.Commands;

public sealed class SearchCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("tailor-search-cli");

    private string Kb => _temp.File("kb");

    private void Ingest()
    {
        string[] topics = ["volcano lava eruption magma crater", "violin orchestra concerto symphony", "glacier ice snow melting", "bread flour yeast oven"];
        for (int i = 0; i < 24; i++)
            _temp.Write($"docs/d{i:D2}.md", $"# Note {i}\n\n{topics[i % 4]} entry {i}. Also {topics[(i + 1) % 4].Split(' ')[1]}.\n");
        _temp.Write("docs/code.md", "# Codes\n\nError ZX9931 means the lava sensor is offline.\n");
        Assert.Equal(0, CliProcess.Run(["ingest", _temp.File("docs"), "--kb", Kb]).ExitCode);
    }

    private List<JsonElement> Hits(params string[] args)
    {
        var r = CliProcess.Run(args.Concat(["--kb", Kb, "--json"]));
        Assert.True(r.ExitCode == 0, r.StdErr);
        return JsonDocument.Parse(r.StdOut).RootElement.GetProperty("hits").EnumerateArray().Select(h => h.Clone()).ToList();
    }

    [Fact]
    public void Default_search_is_hybrid_and_explains_both_ranks()
    {
        Ingest();
        var hits = Hits("search", "lava eruption", "-k", "5", "--explain");
        Assert.Equal(5, hits.Count);
        foreach (var h in hits) Assert.Equal("hybrid", h.GetProperty("explain").GetProperty("mode").GetString());
        Assert.Contains(hits, h => h.GetProperty("explain").GetProperty("lexical_rank").GetInt32() == 1);
        Assert.Contains(hits, h => h.GetProperty("explain").GetProperty("vector_rank").GetInt32() == 1);
        var scores = hits.Select(h => h.GetProperty("score").GetDouble()).ToList();
        Assert.Equal(scores.OrderByDescending(s => s), scores);
    }

    [Fact]
    public void An_exact_rare_term_ranks_its_chunk_first_in_every_mode()
    {
        Ingest();
        foreach (var mode in new[] { "lexical", "hybrid" })
            Assert.Equal("code.md", Hits("search", "ZX9931", "--mode", mode)[0].GetProperty("document_id").GetString());
        var vector = Hits("search", "lava", "--mode", "vector", "--explain");
        Assert.All(vector, h => Assert.Equal(0, h.GetProperty("explain").GetProperty("lexical_rank").GetInt32()));
    }

    public void Dispose() => _temp.Dispose();
}
