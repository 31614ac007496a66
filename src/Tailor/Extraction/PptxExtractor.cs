using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Presentation;
using Tailor.Cleaning;
using A = DocumentFormat.OpenXml.Drawing;

namespace Tailor.Extraction;

/// <summary>
/// PowerPoint decks (.pptx, and .pptm read as text only: macros are never run) via the Open XML
/// SDK: per slide its title as a heading (or "Slide N"), the text of its other shapes as
/// paragraphs, its tables one row per line, and its speaker notes; every block anchored to its
/// slide (<c>slide=3</c>, so a link is <c>deck.pptx#slide=3</c>). Title: the core properties title,
/// else the first slide's title.
/// </summary>
public sealed class PptxExtractor : ITextExtractor
{
    private readonly TextCleaner _cleaner;

    public PptxExtractor(TextCleaner? cleaner = null) => _cleaner = cleaner ?? TextCleaner.Default;

    public IReadOnlyList<string> Extensions { get; } = [".pptx", ".pptm"];

    public ExtractionResult Extract(ReadOnlyMemory<byte> content, string sourceName)
    {
        if (content.IsEmpty) return ExtractionResult.EmptyFile();
        return OfficePackage.Read(sourceName, "PowerPoint deck", content, stream =>
        {
            using var document = PresentationDocument.Open(stream, false);
            var presentation = document.PresentationPart
                ?? throw new TailorException($"{sourceName}: the deck has no presentation part; re-save it or exclude it with --exclude");
            var blocks = new List<Block>();
            string firstTitle = "";
            int number = 0;
            foreach (var slideId in presentation.Presentation?.SlideIdList?.Elements<SlideId>() ?? [])
            {
                number++;
                if (slideId.RelationshipId?.Value is not { } rel || presentation.GetPartById(rel) is not SlidePart slide) continue;
                string title = AddSlide(number, slide, blocks);
                if (firstTitle.Length == 0) firstTitle = title;
            }
            string docTitle = _cleaner.Clean(document.PackageProperties.Title ?? "");
            if (docTitle.Length == 0) docTitle = firstTitle;
            bool anyText = blocks.Any(b => b.Kind != BlockKind.Heading || !b.Text.StartsWith("Slide ", StringComparison.Ordinal));
            if (!anyText) return new ExtractionResult([], ["no text found: no slide holds text"]);
            return ExtractionResult.OfOrNoText(new ExtractedDocument(null, docTitle, blocks, "pptx"));
        });
    }

    /// <summary>Adds one slide's blocks; returns its title ("" when it has none).</summary>
    private string AddSlide(int number, SlidePart slide, List<Block> blocks)
    {
        string anchor = "slide=" + number.ToString(CultureInfo.InvariantCulture);
        var tree = slide.Slide?.CommonSlideData?.ShapeTree;
        string title = "";
        var body = new List<Block>();
        if (tree is not null)
        {
            foreach (var element in tree.Descendants())
            {
                if (element is Shape shape)
                {
                    var placeholder = shape.NonVisualShapeProperties?.ApplicationNonVisualDrawingProperties?.GetFirstChild<PlaceholderShape>();
                    var kind = placeholder?.Type?.Value;
                    if (kind == PlaceholderValues.SlideNumber || kind == PlaceholderValues.DateAndTime || kind == PlaceholderValues.Footer) continue;
                    var paragraphs = Paragraphs(shape.TextBody);
                    if (paragraphs.Count == 0) continue;
                    if (title.Length == 0 && (kind == PlaceholderValues.Title || kind == PlaceholderValues.CenteredTitle))
                    {
                        title = string.Join(" ", paragraphs.Select(p => p.Text));
                        continue;
                    }
                    foreach (var (text, level, bulleted) in paragraphs)
                        body.Add(new Block(bulleted ? BlockKind.ListItem : BlockKind.Paragraph, text, bulleted ? level + 1 : 0, Anchor: anchor));
                }
                else if (element is A.Table table)
                {
                    var rows = table.Elements<A.TableRow>()
                        .Select(r => string.Join(" | ", r.Elements<A.TableCell>().Select(c => _cleaner.Clean(c.InnerText))))
                        .Where(r => r.Replace("|", "", StringComparison.Ordinal).Trim().Length > 0).ToList();
                    if (rows.Count > 0)
                        body.Add(new Block(BlockKind.Table, string.Join("\n", rows), Anchor: anchor, TableHeader: rows.Count > 1 ? rows[0] : null));
                }
            }
        }
        blocks.Add(new Block(BlockKind.Heading, title.Length > 0 ? title : $"Slide {number}", 1, Anchor: anchor));
        blocks.AddRange(body);
        var notes = slide.NotesSlidePart?.NotesSlide?.CommonSlideData?.ShapeTree?.Elements<Shape>()
            .Where(s => s.NonVisualShapeProperties?.ApplicationNonVisualDrawingProperties?.GetFirstChild<PlaceholderShape>()?.Type?.Value == PlaceholderValues.Body)
            .SelectMany(s => Paragraphs(s.TextBody)).Select(p => p.Text).ToList();
        if (notes is { Count: > 0 })
            blocks.Add(new Block(BlockKind.Paragraph, "Notes: " + string.Join(" ", notes), Anchor: anchor));
        return title;
    }

    private List<(string Text, int Level, bool Bulleted)> Paragraphs(OpenXmlElement? textBody)
    {
        var result = new List<(string, int, bool)>();
        if (textBody is null) return result;
        foreach (var paragraph in textBody.Elements<A.Paragraph>())
        {
            string text = _cleaner.Clean(string.Concat(paragraph.Descendants().Select(e => e switch
            {
                A.Text t => t.Text,
                A.Break => "\n",
                _ => "",
            })));
            if (text.Length == 0) continue;
            var props = paragraph.ParagraphProperties;
            int level = props?.Level?.Value ?? 0;
            bool bulleted = props?.GetFirstChild<A.CharacterBullet>() is not null || props?.GetFirstChild<A.AutoNumberedBullet>() is not null || level > 0;
            result.Add((text, level, bulleted));
        }
        return result;
    }
}
