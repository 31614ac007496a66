using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Tailor.Cleaning;

namespace Tailor.Extraction;

/// <summary>
/// Word documents (.docx, and .docm read as text only: macros are never run) via the Open XML SDK:
/// headings from the paragraph styles (Heading 1..6, Title, or a style's outline level), list items
/// with their nesting level, tables one row per line with the first row as header. Title: the core
/// properties title, else the Title-styled paragraph, else the first heading. No anchors: a link is the file.
/// </summary>
public sealed class DocxExtractor : ITextExtractor
{
    private readonly TextCleaner _cleaner;

    public DocxExtractor(TextCleaner? cleaner = null) => _cleaner = cleaner ?? TextCleaner.Default;

    public IReadOnlyList<string> Extensions { get; } = [".docx", ".docm"];

    public ExtractionResult Extract(ReadOnlyMemory<byte> content, string sourceName)
    {
        if (content.IsEmpty) return ExtractionResult.EmptyFile();
        return OfficePackage.Read(sourceName, "Word document", content, stream =>
        {
            using var document = WordprocessingDocument.Open(stream, false, new OpenSettings { AutoSave = false });
            var body = document.MainDocumentPart?.Document?.Body
                ?? throw new TailorException($"{sourceName}: the Word document has no body; re-save it in Word or LibreOffice, or exclude it with --exclude");
            var styles = StyleLevels(document.MainDocumentPart!);
            var blocks = new List<Block>();
            string styledTitle = "";
            foreach (var element in body.ChildElements)
            {
                switch (element)
                {
                    case Paragraph paragraph:
                        AddParagraph(paragraph, styles, blocks, ref styledTitle);
                        break;
                    case Table table:
                        AddTable(table, blocks);
                        break;
                    case SdtBlock sdt:
                        foreach (var inner in sdt.Descendants<Paragraph>()) AddParagraph(inner, styles, blocks, ref styledTitle);
                        break;
                }
            }
            string title = _cleaner.Clean(document.PackageProperties.Title ?? "");
            if (title.Length == 0) title = styledTitle;
            if (title.Length == 0)
                foreach (var block in blocks)
                    if (block.Kind == BlockKind.Heading) { title = block.Text; break; }
            return ExtractionResult.OfOrNoText(new ExtractedDocument(null, title, blocks, "docx"));
        });
    }

    private void AddParagraph(Paragraph paragraph, Dictionary<string, int> styles, List<Block> blocks, ref string styledTitle)
    {
        string text = _cleaner.Clean(ParagraphText(paragraph));
        if (text.Length == 0) return;
        var properties = paragraph.ParagraphProperties;
        string? styleId = properties?.ParagraphStyleId?.Val?.Value;
        int level = 0;
        if (properties?.OutlineLevel?.Val?.Value is int outline && outline < 6) level = outline + 1;
        else if (styleId is not null && styles.TryGetValue(styleId, out int styled)) level = styled;
        if (level > 0)
        {
            if (level == StyleTitle) { if (styledTitle.Length == 0) styledTitle = text; level = 1; }
            blocks.Add(new Block(BlockKind.Heading, text, level));
            return;
        }
        if (properties?.NumberingProperties is { } numbering)
        {
            int depth = (numbering.NumberingLevelReference?.Val?.Value ?? 0) + 1;
            blocks.Add(new Block(BlockKind.ListItem, text, depth));
            return;
        }
        if (styleId is not null && styleId.StartsWith("List", StringComparison.OrdinalIgnoreCase))
        {
            blocks.Add(new Block(BlockKind.ListItem, text, 1));
            return;
        }
        blocks.Add(new Block(BlockKind.Paragraph, text));
    }

    private void AddTable(Table table, List<Block> blocks)
    {
        var rows = new List<string>();
        foreach (var row in table.Elements<TableRow>())
        {
            var cells = row.Elements<TableCell>().Select(c => _cleaner.Clean(string.Join(" ", c.Descendants<Paragraph>().Select(ParagraphText)))).ToList();
            if (cells.All(c => c.Length == 0)) continue;
            rows.Add(string.Join(" | ", cells));
        }
        if (rows.Count == 0) return;
        blocks.Add(new Block(BlockKind.Table, string.Join("\n", rows), TableHeader: rows.Count > 1 ? rows[0] : null));
    }

    /// <summary>The text of a paragraph: its runs, tabs as spaces, breaks as line breaks; deleted revisions left out.</summary>
    internal static string ParagraphText(OpenXmlElement paragraph)
    {
        var sb = new StringBuilder();
        foreach (var element in paragraph.Descendants())
        {
            switch (element)
            {
                case Text t when t.Ancestors<DeletedRun>().FirstOrDefault() is null:
                    sb.Append(t.Text);
                    break;
                case TabChar:
                    sb.Append(' ');
                    break;
                case Break or CarriageReturn:
                    sb.Append('\n');
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>Level marker for the Title style: a level-1 heading that is also the document's title.</summary>
    private const int StyleTitle = 100;

    /// <summary>Heading level of each paragraph style id that is a heading (by name "heading N", "Title", or outline level).</summary>
    private static Dictionary<string, int> StyleLevels(MainDocumentPart part)
    {
        var levels = new Dictionary<string, int>(StringComparer.Ordinal);
        var styles = part.StyleDefinitionsPart?.Styles;
        if (styles is not null)
        {
            foreach (var style in styles.Elements<Style>())
            {
                string? id = style.StyleId?.Value;
                if (id is null) continue;
                string name = style.StyleName?.Val?.Value ?? id;
                if (Level(name) is int byName) levels[id] = byName;
                else if (style.StyleParagraphProperties?.OutlineLevel?.Val?.Value is int outline && outline < 6) levels[id] = outline + 1;
            }
        }
        // documents written without a styles part still name the built-in ids
        for (int n = 1; n <= 6; n++) levels.TryAdd("Heading" + n, n);
        levels.TryAdd("Title", StyleTitle);
        return levels;
    }

    private static int? Level(string styleName)
    {
        if (styleName.Equals("Title", StringComparison.OrdinalIgnoreCase)) return StyleTitle;
        const string prefix = "heading ";
        if (styleName.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && int.TryParse(styleName.AsSpan(prefix.Length), out int n) && n is >= 1 and <= 6)
            return n;
        return null;
    }
}
