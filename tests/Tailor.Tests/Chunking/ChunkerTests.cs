using Tailor.Chunking;
using Tailor.Extraction;
using Tailor.Tokenization;

namespace Tailor.Tests.Chunking;

public class ChunkerTests
{
    private static readonly ITokenCounter Counter = EstimatingTokenCounter.Instance;

    private static Chunker Make(int max = 64, int overlap = 0, int min = 0) =>
        new(new ChunkingOptions { MaxTokens = max, OverlapTokens = overlap, MinTokens = min }, Counter);

    private static ExtractedDocument Doc(string title, params Block[] blocks) => new(null, title, blocks, "markdown");

    private static string Sentence(int i) => $"Sentence number {i} talks about topic {i} in plain words.";

    [Fact]
    public void Small_document_is_one_chunk_with_section_path_and_lines()
    {
        var doc = Doc("Guide",
            new Block(BlockKind.Heading, "Guide", 1, 1, 1),
            new Block(BlockKind.Paragraph, "Intro text.", 0, 3, 3));
        var chunk = Assert.Single(Make().Chunk(doc));
        Assert.Equal("Guide\n\nIntro text.", chunk.Text);
        Assert.Equal("Guide", chunk.Section);
        Assert.Equal((1, 3), (chunk.LineStart, chunk.LineEnd));
        Assert.Equal(Counter.CountTokens(chunk.Text), chunk.TokenCount);
    }

    [Fact]
    public void Sections_follow_headings_and_never_merge_siblings()
    {
        var doc = Doc("Guide",
            new Block(BlockKind.Heading, "Guide", 1, 1, 1),
            new Block(BlockKind.Paragraph, "Intro.", 0, 2, 2),
            new Block(BlockKind.Heading, "Install", 2, 3, 3),
            new Block(BlockKind.Paragraph, "Install text.", 0, 4, 4),
            new Block(BlockKind.Heading, "Linux", 3, 5, 5),
            new Block(BlockKind.Paragraph, "Linux text.", 0, 6, 6),
            new Block(BlockKind.Heading, "Usage", 2, 7, 7),
            new Block(BlockKind.Paragraph, "Usage text.", 0, 8, 8));
        var chunks = Make().Chunk(doc);
        Assert.Equal(["Guide", "Guide > Install", "Guide > Install > Linux", "Guide > Usage"], chunks.Select(c => c.Section));
        Assert.Equal(["Guide\n\nIntro.", "Install\n\nInstall text.", "Linux\n\nLinux text.", "Usage\n\nUsage text."], chunks.Select(c => c.Text));
        Assert.Equal([(1, 2), (3, 4), (5, 6), (7, 8)], chunks.Select(c => (c.LineStart, c.LineEnd)));
    }

    [Fact]
    public void Tiny_parent_section_merges_into_its_first_subsection_only()
    {
        var doc = Doc("",
            new Block(BlockKind.Heading, "Install", 1, 1, 1),
            new Block(BlockKind.Paragraph, "Short.", 0, 2, 2),
            new Block(BlockKind.Heading, "Linux", 2, 3, 3),
            new Block(BlockKind.Paragraph, "Linux text.", 0, 4, 4),
            new Block(BlockKind.Paragraph, "Tiny.", 0, 5, 5),
            new Block(BlockKind.Heading, "Mac", 2, 6, 6),
            new Block(BlockKind.Paragraph, "Mac text.", 0, 7, 7));
        var chunks = Make(min: 10).Chunk(doc);
        Assert.Equal(2, chunks.Count);
        Assert.Equal("Install\n\nShort.\n\nLinux\n\nLinux text.\n\nTiny.", chunks[0].Text);
        Assert.Equal("Install > Linux", chunks[0].Section);
        Assert.Equal("Mac\n\nMac text.", chunks[1].Text); // a sibling is never merged
        Assert.Equal("Install > Mac", chunks[1].Section);
    }

    [Fact]
    public void Root_section_starts_with_the_title_and_title_is_root_without_h1()
    {
        var doc = new ExtractedDocument("d1", "Vacation Policy", [new Block(BlockKind.Paragraph, "Staff get 25 days.", 0, 1, 1)], "jsonl");
        var chunk = Assert.Single(Make().Chunk(doc));
        Assert.Equal("Vacation Policy\n\nStaff get 25 days.", chunk.Text);
        Assert.Equal("Vacation Policy", chunk.Section);

        var html = new ExtractedDocument(null, "Site: Page", [
            new Block(BlockKind.Heading, "Details", 2, 5, 5, "details"),
            new Block(BlockKind.Paragraph, "Body.", 0, 6, 6, "details"),
        ], "html");
        var htmlChunk = Assert.Single(Make().Chunk(html));
        Assert.Equal("Site: Page > Details", htmlChunk.Section);
        Assert.Equal("Details\n\nBody.", htmlChunk.Text);
        Assert.Equal("details", htmlChunk.Anchor);
    }

    [Fact]
    public void No_headings_and_no_title_gives_an_empty_section()
    {
        var doc = new ExtractedDocument(null, "", [new Block(BlockKind.Paragraph, "Just text.", 0, 1, 1)], "text");
        var chunk = Assert.Single(Make().Chunk(doc));
        Assert.Equal("", chunk.Section);
        Assert.Equal("Just text.", chunk.Text);
    }

    [Fact]
    public void Large_block_splits_at_sentence_boundaries_within_budget()
    {
        string text = string.Join(" ", Enumerable.Range(1, 40).Select(Sentence));
        var doc = Doc("", new Block(BlockKind.Paragraph, text, 0, 1, 1));
        var chunks = Make(max: 50).Chunk(doc);
        Assert.True(chunks.Count > 5);
        var sentences = Enumerable.Range(1, 40).Select(Sentence).ToHashSet();
        foreach (var chunk in chunks)
        {
            Assert.InRange(chunk.TokenCount, 1, 50);
            Assert.Equal(Counter.CountTokens(chunk.Text), chunk.TokenCount);
            Assert.All(SentenceSplitter.Split(chunk.Text), s => Assert.Contains(s, sentences));
        }
        Assert.Equal(text, string.Join(" ", chunks.Select(c => c.Text)));
    }

    [Fact]
    public void Overlap_repeats_the_last_whole_sentences_of_the_previous_chunk()
    {
        string text = string.Join(" ", Enumerable.Range(1, 30).Select(Sentence));
        var doc = Doc("", new Block(BlockKind.Paragraph, text, 0, 1, 1));
        var chunks = Make(max: 60, overlap: 20).Chunk(doc);
        Assert.True(chunks.Count > 3);
        for (int i = 1; i < chunks.Count; i++)
        {
            var previous = SentenceSplitter.Split(chunks[i - 1].Text);
            var current = SentenceSplitter.Split(chunks[i].Text);
            int overlapTokens = Counter.CountTokens(previous[^1]);
            Assert.True(overlapTokens <= 30);
            Assert.Equal(previous[^1], current[0]);
            Assert.True(current.Count > 1, "a chunk must add new text after its overlap");
            Assert.InRange(chunks[i].TokenCount, 1, 60);
        }
        // every sentence appears somewhere, in order
        var seen = chunks.SelectMany(c => SentenceSplitter.Split(c.Text)).Distinct().ToList();
        Assert.Equal(Enumerable.Range(1, 30).Select(Sentence), seen);
    }

    [Fact]
    public void Overlap_does_not_cross_sections()
    {
        string longText = string.Join(" ", Enumerable.Range(1, 12).Select(Sentence));
        var doc = Doc("",
            new Block(BlockKind.Heading, "A", 1, 1, 1),
            new Block(BlockKind.Paragraph, longText, 0, 2, 2),
            new Block(BlockKind.Heading, "B", 1, 3, 3),
            new Block(BlockKind.Paragraph, "Fresh start.", 0, 4, 4));
        var chunks = Make(max: 60, overlap: 20).Chunk(doc);
        Assert.Equal("B\n\nFresh start.", chunks[^1].Text);
    }

    [Fact]
    public void Sentence_longer_than_budget_falls_back_to_words_and_never_exceeds_it()
    {
        string words = string.Join(" ", Enumerable.Range(1, 400).Select(i => "word" + i));
        string blob = new('x', 2000);
        var doc = Doc("", new Block(BlockKind.Paragraph, words + " " + blob + ". Next sentence here.", 0, 1, 1));
        var chunks = Make(max: 32).Chunk(doc);
        Assert.All(chunks, c => Assert.InRange(c.TokenCount, 1, 32));
        Assert.All(chunks, c => Assert.DoesNotContain("wor d", c.Text));
        Assert.Equal(words.Replace(" ", ""), string.Concat(chunks.Select(c => c.Text)).Replace(" ", "").Replace("\n", "")[..words.Replace(" ", "").Length]);
        Assert.Contains(chunks, c => c.Text.EndsWith("Next sentence here.", StringComparison.Ordinal));
    }

    [Fact]
    public void Table_split_by_rows_repeats_the_header_in_every_chunk()
    {
        var rows = Enumerable.Range(1, 60).Select(i => $"Person {i} | {i * 2} days | office {i}").ToList();
        string header = "Name | Vacation | Location";
        var table = new Block(BlockKind.Table, header + "\n" + string.Join("\n", rows), 0, 10, 71, null, header);
        var doc = Doc("", new Block(BlockKind.Heading, "Days", 2, 8, 8), new Block(BlockKind.Paragraph, "Table follows.", 0, 9, 9), table);
        var chunks = Make(max: 64, overlap: 10).Chunk(doc);
        Assert.True(chunks.Count > 3);
        var seenRows = new List<string>();
        foreach (var chunk in chunks)
        {
            Assert.InRange(chunk.TokenCount, 1, 64);
            var lines = chunk.Text.Split('\n');
            int headerAt = Array.IndexOf(lines, header);
            Assert.True(headerAt >= 0, "every chunk holding rows starts its rows with the header: " + chunk.Text);
            seenRows.AddRange(lines.Skip(headerAt + 1));
        }
        Assert.Equal(rows, seenRows);
        // line numbers: the markdown delimiter row sits after the header
        Assert.Equal(71, chunks[^1].LineEnd);
        Assert.Equal(8, chunks[0].LineStart);
    }

    [Fact]
    public void Small_table_stays_whole()
    {
        var table = new Block(BlockKind.Table, "A | B\n1 | 2", 0, 1, 3, null, "A | B");
        var chunk = Assert.Single(Make().Chunk(Doc("", table)));
        Assert.Equal("A | B\n1 | 2", chunk.Text);
    }

    [Fact]
    public void Code_splits_by_lines_with_their_source_lines()
    {
        var lines = Enumerable.Range(1, 80).Select(i => $"    call_function_{i}(argument);").ToList();
        var code = new Block(BlockKind.Code, string.Join("\n", lines), 0, 101, 180);
        var chunks = Make(max: 40).Chunk(Doc("", code));
        Assert.True(chunks.Count > 2);
        Assert.Equal(lines, chunks.SelectMany(c => c.Text.Split('\n')));
        Assert.Equal(101, chunks[0].LineStart);
        Assert.Equal(180, chunks[^1].LineEnd);
        for (int i = 1; i < chunks.Count; i++) Assert.Equal(chunks[i - 1].LineEnd + 1, chunks[i].LineStart);
        Assert.All(chunks, c => Assert.InRange(c.TokenCount, 1, 40));
    }

    [Fact]
    public void Sentence_units_of_a_multiline_paragraph_know_their_lines()
    {
        string text = string.Join("\n", Enumerable.Range(1, 20).Select(Sentence));
        var doc = Doc("", new Block(BlockKind.Paragraph, text, 0, 11, 30));
        var chunks = Make(max: 40).Chunk(doc);
        Assert.Equal(11, chunks[0].LineStart);
        Assert.Equal(30, chunks[^1].LineEnd);
        foreach (var chunk in chunks)
        {
            int first = int.Parse(chunk.Text.Split(' ')[2]);
            Assert.Equal(10 + first, chunk.LineStart);
        }
    }

    [Fact]
    public void List_items_are_joined_by_single_newlines()
    {
        var doc = Doc("", new Block(BlockKind.ListItem, "one", 1, 1, 1), new Block(BlockKind.ListItem, "two", 1, 2, 2));
        Assert.Equal("one\ntwo", Assert.Single(Make().Chunk(doc)).Text);
    }

    [Fact]
    public void Anchor_is_the_first_blocks_anchor()
    {
        var doc = new ExtractedDocument(null, "T", [
            new Block(BlockKind.Paragraph, "Before.", 0, 1, 1, "top"),
            new Block(BlockKind.Heading, "Sec", 2, 2, 2, "sec"),
            new Block(BlockKind.Paragraph, "After.", 0, 3, 3, "sec"),
        ], "html");
        var chunks = Make().Chunk(doc);
        Assert.Equal(["top", "sec"], chunks.Select(c => c.Anchor));
    }

    [Fact]
    public void Heading_only_document_still_yields_a_chunk_and_empty_yields_none()
    {
        var chunk = Assert.Single(Make().Chunk(Doc("", new Block(BlockKind.Heading, "Lonely", 1, 1, 1))));
        Assert.Equal("Lonely", chunk.Text);
        Assert.Empty(Make().Chunk(Doc("")));
        var titleOnly = Assert.Single(Make().Chunk(new ExtractedDocument("d", "Only a title", [], "jsonl")));
        Assert.Equal(("Only a title", "Only a title"), (titleOnly.Text, titleOnly.Section));
    }

    [Fact]
    public void Budget_holds_on_a_real_markdown_document()
    {
        string markdown = "# Manual\n\n" + string.Join("\n\n", Enumerable.Range(1, 30).Select(i =>
            $"## Part {i}\n\n{string.Join(" ", Enumerable.Range(1, i % 7 * 6 + 1).Select(Sentence))}\n\n- item {i}\n- item {i + 1}\n\n| a | b |\n|---|---|\n| {i} | {i} |\n\n```\ncode {i}\n```"));
        var doc = new MarkdownExtractor().ExtractText(markdown);
        var chunks = Make(max: 80, overlap: 15, min: 10).Chunk(doc);
        Assert.All(chunks, c => Assert.InRange(c.TokenCount, 1, 80));
        Assert.All(chunks, c => Assert.StartsWith("Manual > Part ", c.Section));
        Assert.All(chunks, c => Assert.True(c.LineStart >= 1 && c.LineEnd >= c.LineStart));
        for (int i = 1; i <= 30; i++)
            Assert.Contains(chunks, c => c.Section == $"Manual > Part {i}"
                && (c.Text.StartsWith($"Part {i}\n\n", StringComparison.Ordinal) || c.Text.StartsWith($"Manual\n\nPart {i}\n\n", StringComparison.Ordinal)));
        // the tiny top section (just its heading) is merged into its first subsection
        Assert.StartsWith("Manual\n\nPart 1\n\n", chunks[0].Text);
        // long sections overlap
        Assert.Contains(chunks, c => c.Text.StartsWith("Sentence number 4 ", StringComparison.Ordinal));
    }

    [Fact]
    public void One_chunker_serves_parallel_callers_with_identical_results()
    {
        var chunker = Make(max: 40, overlap: 8, min: 5);
        var docs = Enumerable.Range(1, 16).Select(d => Doc("T" + d,
            new Block(BlockKind.Heading, "Part " + d, 2, 1, 1),
            new Block(BlockKind.Paragraph, string.Join(" ", Enumerable.Range(d, 12).Select(Sentence)), 0, 2, 2))).ToList();
        var expected = docs.Select(d => chunker.Chunk(d)).ToList();
        var actual = new IReadOnlyList<ChunkDraft>[docs.Count];
        Parallel.For(0, docs.Count * 8, i => actual[i % docs.Count] = chunker.Chunk(docs[i % docs.Count]));
        for (int i = 0; i < docs.Count; i++) Assert.Equal(expected[i], actual[i]);
    }

    [Fact]
    public void Invalid_options_are_rejected()
    {
        Assert.Throws<TailorException>(() => new Chunker(new ChunkingOptions { MaxTokens = 100, OverlapTokens = 60 }, Counter));
    }
}
