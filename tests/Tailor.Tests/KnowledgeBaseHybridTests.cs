using Tailor.Retrieval;
using Tailor.Testing;

namespace Tailor.Tests;

/// <summary>Hybrid search through the facade: its lexical side is the ranking lexical search shows.</summary>
public sealed class KnowledgeBaseHybridTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>
    /// One page answers the question in its words; a dozen pages share one of its words (three of them both)
    /// and talk about something else at length, so RM3 feedback (taken mostly from them) drifts toward their
    /// topic and orders them differently from BM25 for the query as typed: hybrid search that fused both
    /// lexical rankings showed two hits at one lexical rank, and ranks lexical search does not give.
    /// </summary>
    private string WriteCorpus()
    {
        _temp.Write("corpus/check-ignore.md", "# check-ignore\n\nWhy is a path ignored? check-ignore prints the pattern that matches it, with the file and line it comes from.\n");
        string[] options = ["stat", "color", "word", "patience", "histogram", "minimal", "rename", "copy", "binary", "context", "unified", "summary"];
        for (int i = 0; i < options.Length; i++)
        {
            string ignored = i < 3 ? " Whitespace changes are ignored in the diff of the path when asked." : "";
            _temp.Write($"corpus/diff-{options[i]}.md",
                $"# diff --{options[i]}\n\nThe diff option --{options[i]} changes how diff shows each diff hunk of a path.{ignored} " +
                $"The diff output, the diff header and the diff hunk headers follow the diff format. Diff hunks, diff stat, diff {options[i]}.\n");
        }
        string[] others = ["The garden needs compost and water in spring.", "An orchestra rehearses the symphony before the concert.", "The glacier carved the valley over many centuries."];
        for (int i = 0; i < others.Length; i++) _temp.Write($"corpus/other-{i}.md", $"# Other {i}\n\n{others[i]}\n");
        return _temp.File("corpus");
    }

    [Fact]
    public async Task Hybrid_explains_each_hit_with_the_rank_lexical_search_gives_it()
    {
        using var kb = KnowledgeBase.Open(_temp.File("kb"));
        await kb.IngestAsync([WriteCorpus()]);
        const string query = "why is this path ignored";

        var lexical = (await kb.SearchAsync(query, new SearchOptions { K = 20, Mode = SearchMode.Lexical })).Hits;
        var hybrid = (await kb.SearchAsync(query, new SearchOptions { K = 20, Mode = SearchMode.Hybrid })).Hits;

        Assert.EndsWith("check-ignore.md", lexical[0].DocumentId, StringComparison.Ordinal);
        Assert.All(hybrid, h => Assert.Equal(SearchMode.Hybrid, h.Explanation!.Mode));
        var ranked = hybrid.Where(h => h.Explanation!.LexicalRank > 0).ToList();
        Assert.Equal(lexical.Count, ranked.Count);
        // no two hits share a lexical rank, and each is the rank lexical search gives that chunk
        Assert.Equal(ranked.Count, ranked.Select(h => h.Explanation!.LexicalRank).Distinct().Count());
        Assert.All(ranked, h => Assert.Equal(lexical[h.Explanation!.LexicalRank - 1].ChunkId, h.ChunkId));
    }

    [Fact]
    public async Task Each_hit_carries_its_chunks_position_in_the_document()
    {
        _temp.Write("pages/pg_dump.md", "# pg_dump\n\npg_dump can extract a database into a script file.\n\n## Options\n\n" +
            string.Join(" ", Enumerable.Repeat("The compress option sets the compression level of the archive file.", 60)) + "\n");
        using var kb = KnowledgeBase.Open(_temp.File("kb"));
        await kb.IngestAsync([_temp.File("pages")]);
        var hits = (await kb.SearchAsync("extract database script compression level archive", new SearchOptions { K = 10, Mode = SearchMode.Lexical })).Hits;
        Assert.Contains(hits, h => h.Ordinal == 0 && h.Text.Contains("extract a database", StringComparison.Ordinal));
        Assert.Contains(hits, h => h.Ordinal > 0 && h.Text.Contains("compression level", StringComparison.Ordinal) && !h.Text.Contains("extract", StringComparison.Ordinal));
    }
}
