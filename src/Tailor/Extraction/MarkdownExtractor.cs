using System.Text;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Tailor.Cleaning;

namespace Tailor.Extraction;

/// <summary>
/// Markdown (CommonMark + pipe tables + YAML front matter) via Markdig: headings, paragraphs, list
/// items, code kept verbatim, tables with their header row, block quotes, each with its line range.
/// Title: the first H1, else the front-matter title, else empty.
/// </summary>
public sealed class MarkdownExtractor : ITextExtractor
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseYamlFrontMatter()
        .Build();

    private readonly TextCleaner _cleaner;
    private HtmlExtractor? _html;

    public MarkdownExtractor(TextCleaner? cleaner = null) => _cleaner = cleaner ?? TextCleaner.Default;

    public IReadOnlyList<string> Extensions { get; } = [".md", ".markdown"];

    public ExtractionResult Extract(ReadOnlyMemory<byte> content, string sourceName)
    {
        string text = SourceText.Decode(content.Span, sourceName);
        if (SourceText.IsBlank(text)) return ExtractionResult.EmptyFile();
        return ExtractionResult.OfOrNoText(ExtractText(text));
    }

    /// <summary>Extracts already-decoded Markdown text.</summary>
    public ExtractedDocument ExtractText(string text)
    {
        MarkdownDocument document;
        try
        {
            document = Markdown.Parse(text, Pipeline);
        }
        catch (ArgumentException)
        {
            // Markdig refuses absurdly deep nesting; such a file is read as plain paragraphs
            return new ExtractedDocument(null, "", TextExtractor.Paragraphs(text, 1, _cleaner), "markdown");
        }
        var lines = new LineMap(text);
        var blocks = new List<Block>();
        var sb = new StringBuilder();
        string? firstH1 = null, frontTitle = null;
        List<string> frontTags = [];
        DateTime? frontDate = null;

        // explicit stack: (block, list depth, inside a quote)
        var stack = new Stack<(Markdig.Syntax.Block Node, int ListDepth, bool InQuote, bool InListItem)>();
        for (int i = document.Count - 1; i >= 0; i--) stack.Push((document[i], 0, false, false));
        while (stack.Count > 0)
        {
            var (node, depth, inQuote, inItem) = stack.Pop();
            switch (node)
            {
                case YamlFrontMatterBlock yaml:
                {
                    var yamlText = yaml.Lines.ToString();
                    frontTitle ??= FrontMatter.Title(yamlText);
                    frontTags = [.. FrontMatter.Tags(yamlText), .. Documents.AccessGroups.Tags(FrontMatter.Acl(yamlText))];
                    frontDate = FrontMatter.Date(yamlText);
                    break;
                }
                case HeadingBlock heading:
                {
                    sb.Clear();
                    InlineText.Append(heading.Inline, sb);
                    string headingText = _cleaner.Clean(Flatten(sb));
                    if (headingText.Length == 0) break;
                    if (heading.Level == 1) firstH1 ??= headingText;
                    blocks.Add(new Block(BlockKind.Heading, headingText, heading.Level, Start(node, lines), End(node, lines)));
                    break;
                }
                case ParagraphBlock paragraph:
                {
                    sb.Clear();
                    InlineText.Append(paragraph.Inline, sb);
                    string paragraphText = _cleaner.Clean(sb.ToString());
                    if (paragraphText.Length == 0) break;
                    var kind = inItem ? BlockKind.ListItem : inQuote ? BlockKind.Quote : BlockKind.Paragraph;
                    blocks.Add(new Block(kind, paragraphText, inItem ? depth : 0, Start(node, lines), End(node, lines)));
                    break;
                }
                case CodeBlock code: // fenced and indented
                {
                    string codeText = _cleaner.Clean(code.Lines.ToString(), preserveIndentation: true);
                    if (codeText.Length == 0) break;
                    blocks.Add(new Block(BlockKind.Code, codeText, 0, Start(node, lines), End(node, lines)));
                    break;
                }
                case HtmlBlock html when html.Type != HtmlBlockType.Comment:
                    AddHtml(html, blocks, lines);
                    break;
                case Table table:
                    AddTable(table, blocks, lines, sb);
                    break;
                case ListBlock list:
                    for (int i = list.Count - 1; i >= 0; i--) stack.Push((list[i], depth + 1, inQuote, false));
                    break;
                case ListItemBlock item:
                    for (int i = item.Count - 1; i >= 0; i--) stack.Push((item[i], depth, inQuote, true));
                    break;
                case QuoteBlock quote:
                    for (int i = quote.Count - 1; i >= 0; i--) stack.Push((quote[i], depth, true, inItem));
                    break;
                case ContainerBlock container:
                    for (int i = container.Count - 1; i >= 0; i--) stack.Push((container[i], depth, inQuote, inItem));
                    break;
                // thematic breaks, HTML comments and link definitions carry no prose
            }
        }
        string title = firstH1 ?? frontTitle ?? "";
        return new ExtractedDocument(null, title, blocks, "markdown") { Tags = frontTags, Date = frontDate };
    }

    private void AddTable(Table table, List<Block> blocks, LineMap lines, StringBuilder sb)
    {
        var text = new StringBuilder();
        string? header = null;
        foreach (var rowBlock in table)
        {
            if (rowBlock is not TableRow row) continue;
            sb.Clear();
            for (int c = 0; c < row.Count; c++)
            {
                if (c > 0) sb.Append(" | ");
                var cellText = new StringBuilder();
                if (row[c] is ContainerBlock cell) InlineText.AppendLeaves(cell, cellText);
                sb.Append(_cleaner.Clean(Flatten(cellText)));
            }
            string rowText = sb.ToString().Trim();
            if (rowText.Replace("|", "").Trim().Length == 0) continue;
            if (row.IsHeader && header is null) header = rowText;
            if (text.Length > 0) text.Append('\n');
            text.Append(rowText);
        }
        if (text.Length == 0) return;
        blocks.Add(new Block(BlockKind.Table, text.ToString(), 0, Start(table, lines), End(table, lines), null, header));
    }

    /// <summary>Raw HTML blocks (a centered paragraph, a details element) contribute their text, not their tags.</summary>
    private void AddHtml(HtmlBlock html, List<Block> blocks, LineMap lines)
    {
        string raw = html.Lines.ToString();
        if (raw.IndexOf('<') < 0) return;
        int start = Start(html, lines), end = End(html, lines);
        var inner = (_html ??= new HtmlExtractor(_cleaner)).ExtractText(raw);
        foreach (var block in inner.Blocks)
        {
            int blockStart = Math.Clamp(start + block.LineStart - 1, start, end);
            int blockEnd = Math.Clamp(start + block.LineEnd - 1, blockStart, end);
            blocks.Add(block with { LineStart = blockStart, LineEnd = blockEnd, Anchor = null });
        }
    }

    /// <summary>Soft line breaks inside a heading or a cell become spaces.</summary>
    private static string Flatten(StringBuilder sb) => sb.Replace('\n', ' ').ToString();

    private static int Start(Markdig.Syntax.Block node, LineMap lines) =>
        node.Span.IsEmpty || node.Span.Start < 0 ? node.Line + 1 : lines.LineOf(node.Span.Start);

    private static int End(Markdig.Syntax.Block node, LineMap lines)
    {
        int start = Start(node, lines);
        if (node.Span.IsEmpty || node.Span.End < node.Span.Start) return start;
        return Math.Max(start, lines.LineOf(node.Span.End));
    }
}
