using Tailor.Cleaning;

namespace Tailor.Extraction;

/// <summary>Plain text: paragraphs split on blank lines, each with its 1-based line range. No title.</summary>
public sealed class TextExtractor : ITextExtractor
{
    private readonly TextCleaner _cleaner;

    public TextExtractor(TextCleaner? cleaner = null) => _cleaner = cleaner ?? TextCleaner.Default;

    public IReadOnlyList<string> Extensions { get; } = [".txt", ".text"];

    public ExtractionResult Extract(ReadOnlyMemory<byte> content, string sourceName)
    {
        string text = SourceText.Decode(content.Span, sourceName);
        if (SourceText.IsBlank(text)) return ExtractionResult.EmptyFile();
        return ExtractionResult.OfOrNoText(new ExtractedDocument(null, "", Paragraphs(text, 1, _cleaner), "text"));
    }

    /// <summary>
    /// Splits <paramref name="text"/> into paragraph blocks on blank lines; the first line of the
    /// text is line <paramref name="firstLine"/>. With <paramref name="singleLine"/> (a JSONL record)
    /// every block is given <paramref name="firstLine"/> as its whole range.
    /// </summary>
    internal static List<Block> Paragraphs(string text, int firstLine, TextCleaner cleaner, bool singleLine = false)
    {
        var blocks = new List<Block>();
        var span = text.AsSpan();
        int line = firstLine;
        int paraStart = -1, paraLine = 0, paraEndLine = 0, paraEnd = 0;
        int pos = 0;
        while (pos <= span.Length)
        {
            int nl = pos < span.Length ? span[pos..].IndexOfAny('\n', '\r') : -1;
            int end = nl < 0 ? span.Length : pos + nl;
            bool blank = span[pos..end].IsWhiteSpace();
            if (!blank)
            {
                if (paraStart < 0) { paraStart = pos; paraLine = line; }
                paraEnd = end;
                paraEndLine = line;
            }
            else if (paraStart >= 0)
            {
                AddParagraph(blocks, span[paraStart..paraEnd], singleLine ? firstLine : paraLine, singleLine ? firstLine : paraEndLine, cleaner);
                paraStart = -1;
            }
            if (nl < 0) break;
            pos = end + (span[end] == '\r' && end + 1 < span.Length && span[end + 1] == '\n' ? 2 : 1);
            line++;
            if (pos == span.Length) break;
        }
        if (paraStart >= 0) AddParagraph(blocks, span[paraStart..paraEnd], singleLine ? firstLine : paraLine, singleLine ? firstLine : paraEndLine, cleaner);
        return blocks;
    }

    private static void AddParagraph(List<Block> blocks, ReadOnlySpan<char> raw, int lineStart, int lineEnd, TextCleaner cleaner)
    {
        string cleaned = cleaner.Clean(raw, preserveIndentation: false);
        if (cleaned.Length > 0) blocks.Add(new Block(BlockKind.Paragraph, cleaned, 0, lineStart, lineEnd));
    }
}
