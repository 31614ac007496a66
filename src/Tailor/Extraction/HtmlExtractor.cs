using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Tailor.Cleaning;

namespace Tailor.Extraction;

/// <summary>
/// HTML via AngleSharp: the main text (main, role=main or a single article, else body) without
/// scripts, styles, navigation, headers, footers, asides and forms; headings, paragraphs, list
/// items, quotes, code and tables with their header row; each block with its source line and the
/// nearest preceding element id as anchor (so a link can be file.html#anchor). Title: the
/// title element, else the first h1. Deeply nested or malformed markup is walked without recursion.
/// </summary>
public sealed class HtmlExtractor : ITextExtractor
{
    private static readonly HtmlParserOptions ParserOptions = new() { IsKeepingSourceReferences = true };

    /// <summary>Elements nested deeper than this are flattened before parsing (browsers cap depth too).</summary>
    private const int MaxDepth = 256;

    private readonly TextCleaner _cleaner;

    public HtmlExtractor(TextCleaner? cleaner = null) => _cleaner = cleaner ?? TextCleaner.Default;

    public IReadOnlyList<string> Extensions { get; } = [".html", ".htm"];

    public ExtractionResult Extract(ReadOnlyMemory<byte> content, string sourceName)
    {
        string text = DecodeHtml(content.Span, sourceName);
        if (SourceText.IsBlank(text)) return ExtractionResult.EmptyFile();
        return ExtractionResult.OfOrNoText(ExtractText(text));
    }

    /// <summary>
    /// UTF-8 (or a BOM's encoding) unless the page declares a legacy charset such as ISO-8859-1 and
    /// is not valid UTF-8; binary content is rejected either way.
    /// </summary>
    private static string DecodeHtml(ReadOnlySpan<byte> content, string sourceName)
    {
        if (SourceText.TryDecode(content, sourceName, out var text, out var error)) return text;
        if (SourceText.LooksBinary(content)) throw new TailorException(error);
        var declared = HtmlCharset.DeclaredLegacyEncoding(content);
        if (declared is null) throw new TailorException(error);
        return declared.GetString(content);
    }

    /// <summary>Extracts already-decoded HTML.</summary>
    public ExtractedDocument ExtractText(string html)
    {
        var parser = new HtmlParser(ParserOptions);
        using var document = parser.ParseDocument(HtmlDepthLimiter.Limit(html, MaxDepth));
        var walker = new HtmlWalker(_cleaner);
        var root = FindRoot(document);
        if (root is not null) walker.Walk(root);
        string title = TitleOf(document);
        if (title.Length == 0)
        {
            foreach (var block in walker.Blocks)
            {
                if (block.Kind == BlockKind.Heading && block.Level == 1) { title = block.Text; break; }
            }
        }
        return new ExtractedDocument(null, title, walker.Blocks, "html");
    }

    /// <summary>main, else role=main, else the only article, else body.</summary>
    private static INode? FindRoot(IDocument document)
    {
        IElement? main = null, roleMain = null, article = null;
        int articles = 0;
        var stack = new Stack<INode>();
        stack.Push(document);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node is IElement e)
            {
                switch (e.LocalName)
                {
                    case "main": main ??= e; break;
                    case "article": article ??= e; articles++; break;
                    case "script" or "style" or "template" or "head": continue;
                }
                if (roleMain is null && e.GetAttribute("role") == "main") roleMain = e;
            }
            var children = node.ChildNodes;
            for (int i = children.Length - 1; i >= 0; i--)
            {
                if (children[i] is IElement) stack.Push(children[i]);
            }
        }
        return main ?? roleMain ?? (articles == 1 ? article : null) ?? (INode?)document.Body ?? document.DocumentElement;
    }

    private string TitleOf(IDocument document)
    {
        var head = document.Head;
        if (head is null) return "";
        var children = head.ChildNodes;
        for (int i = 0; i < children.Length; i++)
        {
            if (children[i] is IElement { LocalName: "title" } title)
                return _cleaner.Clean(title.TextContent).Replace('\n', ' ');
        }
        return "";
    }
}
