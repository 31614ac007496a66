using System.Text;
using Tailor.Ingestion;
using Tailor.Retrieval;
using Tailor.Testing;

namespace Tailor.Tests.Ingestion;

/// <summary>Large JSONL files cut into parts of whole lines, and ingested part by part.</summary>
public sealed class JsonlSplitterTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Record(int i, string? id = null) =>
        $"{{\"_id\": \"{id ?? "d" + i}\", \"title\": \"Record {i}\", \"text\": \"Record number {i} talks about topic{i % 7} and item{i}.\"}}";

    private SourceFile Write(string name, IEnumerable<string> lines, string newline = "\n")
    {
        var path = _temp.Write(name, string.Join(newline, lines) + newline);
        return new SourceFile(path, Path.GetDirectoryName(path)!, name);
    }

    [Fact]
    public void Parts_cover_the_file_exactly_at_line_ends_with_their_first_line_numbers()
    {
        var file = Write("big.jsonl", Enumerable.Range(1, 500).Select(i => Record(i)), "\r\n");
        var bytes = File.ReadAllBytes(file.FullPath);
        var parts = JsonlSplitter.Split(file, 4096).ToList();

        Assert.True(parts.Count >= bytes.Length / 4096 - 1, $"{parts.Count} parts for {bytes.Length} bytes");
        long expectedOffset = 0;
        foreach (var (item, index) in parts.Select((p, i) => (p, i)))
        {
            var part = item.Part!;
            Assert.Equal(expectedOffset, part.Offset);
            Assert.Equal(index == parts.Count - 1, part.Last);
            Assert.Equal((byte)'\n', bytes[part.Offset + part.Length - 1]);
            // the line number of the part's first byte is one more than the newlines before it
            int newlinesBefore = bytes.AsSpan(0, (int)part.Offset).Count((byte)'\n');
            Assert.Equal(newlinesBefore + 1, part.FirstLine);
            Assert.StartsWith("{\"_id\"", Encoding.UTF8.GetString(bytes, (int)part.Offset, 6));
            expectedOffset += part.Length;
        }
        Assert.Equal(bytes.Length, expectedOffset);
    }

    [Fact]
    public async Task Parts_prepared_in_parallel_are_written_in_file_order_so_chunk_ids_repeat_across_runs()
    {
        var corpus = Write("ordered.jsonl", Enumerable.Range(1, 800).Select(i => Record(i)));
        var options = new IngestOptions { JsonlPartBytes = 2048, Workers = 4 };
        async Task<List<(long, string)>> ChunkIds(string kb)
        {
            using var knowledgeBase = KnowledgeBase.Open(_temp.File(kb));
            await knowledgeBase.IngestAsync([corpus.FullPath], options);
            using var store = Tailor.Storage.SqliteStore.Open(Path.Combine(_temp.File(kb), KnowledgeBase.DatabaseFileName));
            return Tailor.Storage.ChunkWalk.All(store).Select(r => (r.Id, r.Text)).ToList();
        }
        var first = await ChunkIds("kb1");
        Assert.Equal(800, first.Count);
        Assert.Equal(first, await ChunkIds("kb2"));
        // ids follow the file's order
        for (int i = 0; i < first.Count; i++) Assert.Contains($"Record number {i + 1} ", first[i].Item2);
    }

    [Fact]
    public void Small_files_other_formats_and_utf16_files_stay_whole()
    {
        var small = Write("small.jsonl", Enumerable.Range(1, 3).Select(i => Record(i)));
        Assert.Null(Assert.Single(JsonlSplitter.Split(small, 4096)).Part);

        var text = Write("big.txt", Enumerable.Range(1, 500).Select(i => $"line {i} of plain text"));
        Assert.Null(Assert.Single(JsonlSplitter.Split(text, 1024)).Part);

        var path = _temp.File("utf16.jsonl");
        File.WriteAllText(path, string.Join("\n", Enumerable.Range(1, 300).Select(i => Record(i))) + "\n", Encoding.Unicode);
        Assert.Null(Assert.Single(JsonlSplitter.Split(new SourceFile(path, _temp.Path, "utf16.jsonl"), 1024)).Part);
    }

    [Fact]
    public async Task A_jsonl_corpus_over_the_file_limit_is_ingested_in_parts_with_true_line_numbers()
    {
        var lines = Enumerable.Range(1, 600).Select(i => Record(i)).ToList();
        lines[436] = "{\"_id\": \"broken\", \"text\": "; // line 437
        lines[520] = Record(521, id: "d3"); // line 521 repeats the id of line 3, many parts later
        var corpus = Write("corpus.jsonl", lines);
        _temp.Write("note.md", "# Note\n\n" + string.Concat(Enumerable.Repeat("A note that is longer than the file limit. ", 80)));
        Assert.True(new FileInfo(corpus.FullPath).Length > 8 * 4096);

        using var kb = KnowledgeBase.Open(_temp.File("kb"));
        var options = new IngestOptions { JsonlPartBytes = 4096, MaxFileBytes = 2048 };
        var result = await kb.IngestAsync([corpus.FullPath, _temp.File("note.md")], options);

        Assert.Equal(598, result.Added);
        Assert.Contains(result.Failures, f => f.Source == corpus.FullPath && f.Error.Contains("line 437"));
        Assert.Contains(result.Failures, f => f.Source == corpus.FullPath && f.Error.Contains("duplicate id \"d3\""));
        Assert.Contains(result.Failures, f => f.Source.EndsWith("note.md") && f.Error.Contains("limit"));
        var hit = (await kb.SearchAsync("item599", new SearchOptions { Mode = SearchMode.Lexical, K = 1 })).Hits.Single();
        Assert.Equal("d599", hit.DocumentId);
        // parts are prepared in parallel but written in file order: the first record with id d3 is the one kept
        var kept = (await kb.SearchAsync("d3 item3 item521", new SearchOptions { Mode = SearchMode.Lexical, K = 5 })).Hits.Where(h => h.DocumentId == "d3").ToList();
        Assert.Contains("Record number 3 ", Assert.Single(kept).Text);

        for (int run = 0; run < 2; run++)
        {
            var again = await kb.IngestAsync([corpus.FullPath], options);
            Assert.Equal(0, again.Added);
            Assert.Equal(0, again.Updated); // the repeated id never replaces the first record
            Assert.Equal(598, again.Unchanged);
            Assert.Contains(again.Failures, f => f.Error.Contains("duplicate id \"d3\""));
            var d3 = (await kb.SearchAsync("d3 item3 item521", new SearchOptions { Mode = SearchMode.Lexical, K = 5 })).Hits.Where(h => h.DocumentId == "d3");
            Assert.Contains("Record number 3 ", Assert.Single(d3).Text);
        }
        Assert.True(kb.Check().Ok);
    }
}
