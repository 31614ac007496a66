using Tailor.Chunking;
using Tailor.Extraction;
using Tailor.Tokenization;

namespace Tailor.Tests.Chunking;

/// <summary>Random documents (fixed seeds) checked against the chunker's invariants.</summary>
public class ChunkerRandomizedTests
{
    private static readonly string[] Words =
        "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon phi chi psi omega e.g. Dr. 3.14 supercalifragilisticexpialidocious".Split(' ');

    [Theory]
    [InlineData(1, 32, 0, 0)]
    [InlineData(2, 64, 10, 8)]
    [InlineData(3, 100, 30, 40)]
    [InlineData(4, 400, 50, 40)]
    [InlineData(5, 16, 5, 16)]
    public void Chunks_stay_within_budget_and_lose_no_words(int seed, int max, int overlap, int min)
    {
        var random = new Random(seed);
        var counter = EstimatingTokenCounter.Instance;
        var chunker = new Chunker(new ChunkingOptions { MaxTokens = max, OverlapTokens = overlap, MinTokens = min }, counter);
        for (int round = 0; round < 40; round++)
        {
            var doc = RandomDocument(random);
            var chunks = chunker.Chunk(doc);
            var expectedWords = new List<string>();
            foreach (var block in doc.Blocks.Where(b => b.Kind != BlockKind.Heading)) expectedWords.AddRange(block.Text.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries));
            var produced = string.Join(" ", chunks.Select(c => c.Text));
            foreach (var chunk in chunks)
            {
                Assert.False(string.IsNullOrWhiteSpace(chunk.Text));
                Assert.True(chunk.TokenCount >= 1 && chunk.TokenCount <= max, $"{chunk.TokenCount} tokens > {max}: [{chunk.Text}]");
                Assert.Equal(counter.CountTokens(chunk.Text), chunk.TokenCount);
                Assert.True(chunk.LineStart >= 1 && chunk.LineEnd >= chunk.LineStart, $"bad lines {chunk.LineStart}-{chunk.LineEnd}");
            }
            // every word of the document's content appears in some chunk (the long word may be cut
            // by the character fallback; the heading of an empty section is dropped)
            foreach (var word in expectedWords.Distinct())
            {
                if (word.Length > 20) continue;
                Assert.Contains(word, produced);
            }
        }
    }

    private static ExtractedDocument RandomDocument(Random random)
    {
        var blocks = new List<Block>();
        int line = 1;
        int count = random.Next(1, 25);
        for (int i = 0; i < count; i++)
        {
            var kind = (BlockKind)random.Next(0, 6);
            string text;
            string? header = null;
            switch (kind)
            {
                case BlockKind.Heading:
                    text = Sentence(random, 1, 5).TrimEnd('.');
                    break;
                case BlockKind.Code:
                    text = string.Join("\n", Enumerable.Range(0, random.Next(1, 40)).Select(_ => "  " + Sentence(random, 1, 12)));
                    break;
                case BlockKind.Table:
                    header = "h1 | h2 | h3";
                    text = header + "\n" + string.Join("\n", Enumerable.Range(0, random.Next(1, 40)).Select(_ => $"{Word(random)} | {Word(random)} | {Word(random)}"));
                    break;
                default:
                    text = string.Join(random.Next(3) == 0 ? "\n" : " ", Enumerable.Range(0, random.Next(1, 30)).Select(_ => Sentence(random, 1, 40)));
                    break;
            }
            int lines = text.Count(c => c == '\n') + (kind == BlockKind.Table ? 1 : 0);
            blocks.Add(new Block(kind, text, kind == BlockKind.Heading ? random.Next(1, 4) : 0, line, line + lines, null, header));
            line += lines + 2;
        }
        return new ExtractedDocument(null, random.Next(2) == 0 ? "" : "Random Title", blocks, "markdown");
    }

    private static string Word(Random random) => Words[random.Next(Words.Length)];

    private static string Sentence(Random random, int min, int max)
    {
        var words = Enumerable.Range(0, random.Next(min, max)).Select(_ => Word(random)).ToList();
        words[0] = char.ToUpperInvariant(words[0][0]) + words[0][1..];
        return string.Join(" ", words) + ".";
    }
}
