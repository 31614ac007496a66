using System.Globalization;
using System.Text;
using Tailor.Cleaning;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Exceptions;

namespace Tailor.Extraction;

/// <summary>
/// PDF via PdfPig: the words of each page grouped into lines top to bottom, lines into paragraphs;
/// lines set in a clearly larger font than the body become headings (the largest size level 1);
/// runs of lines whose words stand in separated columns become tables, one row per line. Every
/// block carries the page as anchor (<c>page=7</c>, so a link is <c>file.pdf#page=7</c>). Pages
/// with images but no text (scans) are reported as problems; encrypted or damaged files fail
/// with the reason. Title: the document information title, else the first heading.
/// </summary>
public sealed class PdfExtractor : ITextExtractor
{
    /// <summary>A line whose font is at least this much larger than the body text is a heading.</summary>
    private const double HeadingScale = 1.15;

    /// <summary>Headings longer than this are taken as large-print paragraphs.</summary>
    private const int MaxHeadingLength = 160;

    private readonly TextCleaner _cleaner;

    public PdfExtractor(TextCleaner? cleaner = null) => _cleaner = cleaner ?? TextCleaner.Default;

    public IReadOnlyList<string> Extensions { get; } = [".pdf"];

    public ExtractionResult Extract(ReadOnlyMemory<byte> content, string sourceName)
    {
        if (content.IsEmpty || content.Span.IndexOfAnyExcept(" \t\r\n\f\0"u8) < 0) return ExtractionResult.EmptyFile();
        if (content.Span.IndexOf("%PDF-"u8) is < 0 or > 1024)
            throw new TailorException($"{sourceName}: not a PDF file (no %PDF- header); check the file or exclude it with --exclude");
        PdfDocument document;
        try
        {
            document = PdfDocument.Open(content.ToArray(), new ParsingOptions { UseLenientParsing = true });
        }
        catch (PdfDocumentEncryptedException)
        {
            throw new TailorException($"{sourceName}: the PDF is encrypted (password protected); save an unprotected copy or exclude it with --exclude");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not TailorException)
        {
            throw new TailorException($"{sourceName}: damaged PDF, cannot be read ({ex.Message}); repair or re-export it, or exclude it with --exclude");
        }
        using (document)
        {
            var problems = new List<string>();
            var lines = new List<PdfLine>();
            try
            {
                if (document.IsEncrypted && document.NumberOfPages == 0)
                    throw new TailorException($"{sourceName}: the PDF is encrypted (password protected); save an unprotected copy or exclude it with --exclude");
                for (int number = 1; number <= document.NumberOfPages; number++)
                {
                    var page = document.GetPage(number);
                    var pageLines = PdfLine.Group(page);
                    if (pageLines.Count == 0)
                    {
                        if (page.NumberOfImages > 0)
                            problems.Add($"page {number}: no text, only images (a scanned page?); run OCR on the file to make this page searchable");
                        continue;
                    }
                    lines.AddRange(pageLines);
                }
            }
            catch (PdfDocumentEncryptedException)
            {
                throw new TailorException($"{sourceName}: the PDF is encrypted (password protected); save an unprotected copy or exclude it with --exclude");
            }
            catch (Exception ex) when (ex is not OutOfMemoryException and not TailorException)
            {
                throw new TailorException($"{sourceName}: damaged PDF, cannot be read ({ex.Message}); repair or re-export it, or exclude it with --exclude");
            }
            var blocks = Blocks(lines);
            string title = InfoTitle(document);
            if (title.Length == 0)
                foreach (var block in blocks)
                    if (block.Kind == BlockKind.Heading) { title = block.Text; break; }
            if (blocks.Count == 0 && problems.Count == 0)
                return new ExtractionResult([], [SourceText.NoTextProblem.Replace("markup, scripts and navigation are removed", "no page holds text", StringComparison.Ordinal)]);
            if (blocks.Count == 0) return new ExtractionResult([], problems);
            return new ExtractionResult([new ExtractedDocument(null, title, blocks, "pdf")], problems);
        }
    }

    private string InfoTitle(PdfDocument document)
    {
        try
        {
            return _cleaner.Clean(document.Information.Title ?? "");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return ""; // a broken information dictionary costs the title only
        }
    }

    private List<Block> Blocks(List<PdfLine> lines)
    {
        var blocks = new List<Block>();
        if (lines.Count == 0) return blocks;
        double body = BodySize(lines);
        var headingSizes = lines.Where(l => IsHeading(l, body)).Select(l => Math.Round(l.FontSize, 1)).Distinct().OrderDescending().ToList();

        int i = 0;
        while (i < lines.Count)
        {
            var line = lines[i];
            string anchor = "page=" + line.Page.ToString(CultureInfo.InvariantCulture);
            if (IsHeading(line, body))
            {
                int level = Math.Min(6, headingSizes.IndexOf(Math.Round(line.FontSize, 1)) + 1);
                var text = _cleaner.Clean(line.Text);
                // a heading set on two lines in the same size stays one heading
                while (i + 1 < lines.Count && lines[i + 1].Page == line.Page && IsHeading(lines[i + 1], body)
                    && Math.Abs(lines[i + 1].FontSize - line.FontSize) < 0.5 && lines[i + 1].GapAbove < line.Height * 0.8
                    && text.Length + lines[i + 1].Text.Length < MaxHeadingLength)
                {
                    text += " " + _cleaner.Clean(lines[++i].Text);
                }
                if (text.Length > 0) blocks.Add(new Block(BlockKind.Heading, text, Math.Max(1, level), Anchor: anchor));
                i++;
                continue;
            }
            if (line.Cells.Count >= 2 && i + 1 < lines.Count && lines[i + 1].Page == line.Page && lines[i + 1].Cells.Count >= 2)
            {
                var rows = new List<string>();
                while (i < lines.Count && lines[i].Page == line.Page && lines[i].Cells.Count >= 2 && !IsHeading(lines[i], body))
                {
                    rows.Add(string.Join(" | ", lines[i].Cells.Select(c => _cleaner.Clean(c))));
                    i++;
                }
                blocks.Add(new Block(BlockKind.Table, string.Join("\n", rows), Anchor: anchor, TableHeader: rows[0]));
                continue;
            }
            var paragraph = new StringBuilder(line.Text);
            double height = line.Height;
            i++;
            while (i < lines.Count && lines[i].Page == line.Page && !IsHeading(lines[i], body)
                && lines[i].GapAbove <= height * 0.9 && !(lines[i].Cells.Count >= 2 && i + 1 < lines.Count && lines[i + 1].Cells.Count >= 2))
            {
                AppendLine(paragraph, lines[i].Text);
                i++;
            }
            var cleaned = _cleaner.Clean(paragraph.ToString());
            if (cleaned.Length > 0) blocks.Add(new Block(BlockKind.Paragraph, cleaned, Anchor: anchor));
        }
        return blocks;
    }

    /// <summary>Joins a wrapped line: a word broken with a hyphen at the line end is joined again.</summary>
    private static void AppendLine(StringBuilder paragraph, string next)
    {
        if (paragraph.Length > 1 && paragraph[^1] == '-' && char.IsLetter(paragraph[^2]) && next.Length > 0 && char.IsLower(next[0]))
        {
            paragraph.Length--;
            paragraph.Append(next);
            return;
        }
        paragraph.Append(' ').Append(next);
    }

    private static bool IsHeading(PdfLine line, double body) =>
        line.FontSize >= body * HeadingScale && line.Text.Length <= MaxHeadingLength && line.Cells.Count < 2 && line.Text.Any(char.IsLetter);

    /// <summary>The font size most characters are set in.</summary>
    private static double BodySize(List<PdfLine> lines)
    {
        var weight = new Dictionary<double, int>();
        foreach (var line in lines)
        {
            double size = Math.Round(line.FontSize, 1);
            weight[size] = weight.GetValueOrDefault(size) + line.Text.Length;
        }
        return weight.MaxBy(kv => kv.Value).Key;
    }
}
