using Tailor.Ingestion;
using Tailor.Retrieval;
using Tailor.Testing;

namespace Tailor.Tests;

/// <summary>Metadata filters and MMR through the knowledge base facade, on small generated Markdown corpora.</summary>
public sealed class KnowledgeBaseFilterTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private static readonly string[][] Topics =
    [
        ["budget", "invoice", "expense", "finance", "audit"],
        ["kernel", "compiler", "linker", "debugger", "binary"],
        ["garden", "tomato", "compost", "seedling", "harvest"],
        ["violin", "orchestra", "concert", "symphony", "rehearsal"],
        ["glacier", "volcano", "tectonic", "erosion", "sediment"],
        ["recipe", "oven", "flour", "dough", "bakery"],
    ];

    /// <summary>Writes <paramref name="count"/> documents; every one mentions "report"; the first <paramref name="rare"/> are tagged "rare" and dated 2024, the rest 2020.</summary>
    private string WriteCorpus(int count, int rare)
    {
        for (int i = 0; i < count; i++)
        {
            var words = Topics[i % Topics.Length];
            var folder = i % 2 == 0 ? "even" : "odd";
            var tags = i < rare ? "[rare, Special]" : "[common]";
            var date = i < rare ? "2024-03-01" : "2020-03-01";
            var body = string.Join(' ', Enumerable.Range(0, 30).Select(j => words[(i + j * 3) % words.Length]));
            _temp.Write($"corpus/{folder}/doc{i:D3}.md", $"---\ntags: {tags}\ndate: {date}\n---\n# Doc {i}\n\nThe report covers {body}. Item number {i}.\n");
        }
        return _temp.File("corpus");
    }

    [Theory]
    [InlineData(SearchMode.Lexical)]
    [InlineData(SearchMode.Vector)]
    [InlineData(SearchMode.Hybrid)]
    public async Task A_filter_matching_few_chunks_still_returns_k_hits(SearchMode mode)
    {
        var corpus = WriteCorpus(60, rare: 5);
        using var kb = KnowledgeBase.Open(_temp.File("kb"));
        await kb.IngestAsync([corpus]);

        var unfiltered = await kb.SearchAsync("report budget invoice", new SearchOptions { K = 5, Mode = mode });
        Assert.Contains(unfiltered.Hits, h => !h.DocumentId.Contains("doc00", StringComparison.Ordinal)); // the rare ones do not win on their own

        var filtered = await kb.SearchAsync("report budget invoice", new SearchOptions { K = 5, Mode = mode, Filter = new SearchFilter { Tags = ["RARE", "special"] } });
        Assert.Equal(5, filtered.Hits.Count);
        Assert.All(filtered.Hits, h => Assert.Matches(@"doc00[0-4]\.md$", h.DocumentId));

        var dated = await kb.SearchAsync("report", new SearchOptions { K = 50, Mode = mode, Filter = new SearchFilter { After = new DateTime(2023, 1, 1, 0, 0, 0, DateTimeKind.Utc) } });
        Assert.Equal(5, dated.Hits.Count);

        var before = await kb.SearchAsync("report", new SearchOptions { K = 100, Mode = mode, Filter = new SearchFilter { Before = new DateTime(2023, 1, 1, 0, 0, 0, DateTimeKind.Utc) } });
        Assert.Equal(55, before.Hits.Count);

        var odd = await kb.SearchAsync("report glacier", new SearchOptions { K = 10, Mode = mode, Filter = new SearchFilter { SourcePrefix = Path.Combine(corpus, "odd") + Path.DirectorySeparatorChar } });
        Assert.Equal(10, odd.Hits.Count);
        Assert.All(odd.Hits, h => Assert.StartsWith("odd/", h.DocumentId));

        var none = await kb.SearchAsync("report", new SearchOptions { Mode = mode, Filter = new SearchFilter { Tags = ["rare", "common"] } });
        Assert.Empty(none.Hits);
    }

    [Fact]
    public async Task Ingest_tags_are_added_to_front_matter_tags_and_listed()
    {
        var corpus = WriteCorpus(10, rare: 2);
        using var kb = KnowledgeBase.Open(_temp.File("kb"));
        await kb.IngestAsync([corpus], new IngestOptions { Tags = ["Batch-1", " q3 "] });
        var doc = kb.Documents.Get("even/doc000.md")!;
        Assert.Equal(["batch-1", "q3", "rare", "special"], doc.Tags);
        Assert.Equal(new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc), doc.Date);
        Assert.All(kb.Documents.List(), d => Assert.Contains("batch-1", d.Tags));

        // a second run over the unchanged files adds its tags to them as well
        var again = await kb.IngestAsync([corpus], new IngestOptions { Tags = ["reviewed"] });
        Assert.Equal(10, again.Unchanged);
        Assert.All(kb.Documents.List(), d => Assert.Contains("reviewed", d.Tags));
        Assert.Equal(10, (await kb.SearchAsync("report", new SearchOptions { K = 20, Filter = new SearchFilter { Tags = ["reviewed", "batch-1"] } })).Hits.Count);
    }

    [Fact]
    public async Task A_document_without_a_front_matter_date_is_dated_by_its_file()
    {
        var path = _temp.Write("plain/note.md", "# Note\n\nA plain note about a report.\n");
        var mtime = new DateTime(2021, 6, 7, 8, 9, 10, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, mtime);
        using var kb = KnowledgeBase.Open(_temp.File("kb"));
        await kb.IngestAsync([_temp.File("plain")]);
        Assert.Equal(mtime, kb.Documents.Get("note.md")!.Date);
        Assert.Single((await kb.SearchAsync("report", new SearchOptions { Filter = new SearchFilter { Before = mtime.AddSeconds(1), After = mtime } })).Hits);
    }

    /// <summary>Three near-copies of one note rank first for its query; MMR must spread the top 3 over distinct notes.</summary>
    private string WriteNearDuplicates(int fillers)
    {
        const string Note = "Quarterly budget review meeting notes: the budget review covers travel budget, office budget and the review schedule.";
        _temp.Write("dups/copy1.md", "# Budget review\n\n" + Note + " Copy one.\n");
        _temp.Write("dups/copy2.md", "# Budget review\n\n" + Note + " Copy two.\n");
        _temp.Write("dups/copy3.md", "# Budget review\n\n" + Note + " Copy three.\n");
        _temp.Write("dups/other1.md", "# Hiring plan\n\nThe hiring budget for engineers, candidates and interviews: a review of open roles, recruiters and interview capacity.\n");
        _temp.Write("dups/other2.md", "# Marketing\n\nCampaign spending, advertising and brand work are tracked against the marketing budget, with a short review.\n");
        string[][] topics = [.. Topics.Skip(1), ["hiring", "engineers", "interview", "candidates", "recruiters"], ["campaign", "marketing", "advertising", "brand", "spending"]];
        for (int i = 0; i < fillers; i++)
        {
            var words = topics[i % topics.Length];
            _temp.Write($"dups/filler{i}.md", $"# Filler {i}\n\n{string.Join(' ', Enumerable.Range(0, 20).Select(j => words[(i + j) % words.Length]))}.\n");
        }
        return _temp.File("dups");
    }

    [Theory]
    [InlineData(0)]   // too few chunks for embeddings: MMR falls back to term-set Jaccard similarity
    [InlineData(30)]  // embeddings exist: MMR uses cosine similarity of the chunk vectors
    public async Task Mmr_spreads_near_duplicates(int fillers)
    {
        var corpus = WriteNearDuplicates(fillers);
        using var kb = KnowledgeBase.Open(_temp.File("kb"));
        await kb.IngestAsync([corpus]);
        const SearchMode mode = SearchMode.Lexical; // MMR still uses the embeddings when the knowledge base has them

        var plain = await kb.SearchAsync("budget review meeting", new SearchOptions { K = 3, Mode = mode });
        Assert.All(plain.Hits, h => Assert.StartsWith("copy", h.DocumentId));

        var diverse = await kb.SearchAsync("budget review meeting", new SearchOptions { K = 3, Mode = mode, Mmr = 0.3 });
        Assert.Equal(3, diverse.Hits.Count);
        Assert.Equal(plain.Hits[0].ChunkId, diverse.Hits[0].ChunkId); // the most relevant stays first
        Assert.Single(diverse.Hits, h => h.DocumentId.StartsWith("copy", StringComparison.Ordinal));

        var relevanceOnly = await kb.SearchAsync("budget review meeting", new SearchOptions { K = 3, Mode = mode, Mmr = 1.0 });
        Assert.Equal(plain.Hits.Select(h => h.ChunkId), relevanceOnly.Hits.Select(h => h.ChunkId));
    }

    [Fact]
    public async Task Bad_filter_and_mmr_values_are_refused()
    {
        var corpus = WriteCorpus(3, rare: 1);
        using var kb = KnowledgeBase.Open(_temp.File("kb"));
        await kb.IngestAsync([corpus]);
        var day = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        await Assert.ThrowsAsync<TailorException>(() => kb.SearchAsync("report", new SearchOptions { Mmr = 1.5 }));
        await Assert.ThrowsAsync<TailorException>(() => kb.SearchAsync("report", new SearchOptions { Filter = new SearchFilter { After = day, Before = day } }));
        await Assert.ThrowsAsync<TailorException>(() => kb.SearchAsync("report", new SearchOptions { Filter = new SearchFilter { Tags = [" "] } }));
        Assert.Throws<TailorException>(() => SearchFilter.ParseDate("yesterday", "--after"));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }
}
