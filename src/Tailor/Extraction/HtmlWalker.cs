using System.Text;
using AngleSharp.Dom;
using Tailor.Cleaning;

namespace Tailor.Extraction;

/// <summary>
/// Walks an HTML subtree in document order without recursion and emits blocks: headings,
/// paragraphs, list items, quotes, code (pre) and tables; loose text in containers becomes
/// paragraphs. Tracks the nearest preceding element id as the anchor and source lines.
/// </summary>
internal sealed class HtmlWalker
{
    private static readonly HashSet<string> Dropped = new(StringComparer.Ordinal)
    {
        "script", "style", "noscript", "template", "nav", "footer", "aside", "form", "svg", "iframe",
        "head", "button", "select", "textarea", "object", "embed", "canvas", "audio", "video", "map", "dialog",
    };

    private static readonly HashSet<string> BlockElements = new(StringComparer.Ordinal)
    {
        "address", "article", "blockquote", "body", "caption", "center", "dd", "details", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr",
        "li", "main", "ol", "p", "section", "summary", "ul", "legend", "menu",
    };

    // class names containing one of these mark navigation and boilerplate
    private static readonly string[] BoilerplateMarkers =
        ["navheader", "navfooter", "navbar", "navigation", "breadcrumb", "sidebar", "skip-link", "skiplink", "cookie"];

    // whole class names (tables of contents, menus) that mark boilerplate
    private static readonly HashSet<string> BoilerplateClasses = new(StringComparer.OrdinalIgnoreCase)
    {
        "toc", "table-of-contents", "menu", "nav", "site-header", "site-footer", "visually-hidden", "sr-only", "screen-reader-text",
    };

    private readonly TextCleaner _cleaner;
    private readonly List<Block> _blocks = [];
    private readonly StringBuilder _pending = new();
    private readonly StringBuilder _scratch = new();
    private string? _anchor;
    private string? _pendingAnchor;
    private int _line = 1, _pendingStart, _pendingEnd;
    private int _listDepth, _liDepth, _quoteDepth, _articleDepth, _headingLevel;

    public HtmlWalker(TextCleaner cleaner) => _cleaner = cleaner;

    public List<Block> Blocks => _blocks;

    public void Walk(INode root)
    {
        var stack = new Stack<(INode Node, bool Exit)>();
        stack.Push((root, false));
        while (stack.Count > 0)
        {
            var (node, exit) = stack.Pop();
            if (node.NodeType == NodeType.Text)
            {
                AppendText(node.TextContent);
                continue;
            }
            if (node is not IElement element) continue;
            string name = element.LocalName;
            if (exit)
            {
                Leave(name);
                continue;
            }
            if (element.SourceReference is { } source) _line = Math.Max(1, source.Position.Line);
            if (IsDropped(element, name)) continue;
            bool isBlock = BlockElements.Contains(name);
            if (isBlock) Flush();
            if (IsAnchorElement(name))
            {
                string? id = element.Id;
                if (string.IsNullOrEmpty(id) && name == "a") id = element.GetAttribute("name");
                if (!string.IsNullOrWhiteSpace(id)) _anchor = id.Trim();
            }
            switch (name)
            {
                case "pre":
                    Flush();
                    AddCode(element);
                    continue;
                case "table":
                    Flush();
                    AddTable(element);
                    continue;
                case "br":
                    if (_pending.Length > 0) _pending.Append('\n');
                    continue;
                case "img":
                    continue;
            }
            if (isBlock)
            {
                Enter(name);
                stack.Push((element, true));
            }
            var children = element.ChildNodes;
            for (int i = children.Length - 1; i >= 0; i--) stack.Push((children[i], false));
        }
        Flush();
    }

    /// <summary>
    /// Ids that name a place worth linking to: headings and sections (section, article, div, ...),
    /// and anchors or spans inside a heading ("&lt;h2&gt;&lt;a id=x&gt;&lt;/a&gt;Title&lt;/h2&gt;"); not index-term anchors inside prose.
    /// </summary>
    private bool IsAnchorElement(string name) => name switch
    {
        "h1" or "h2" or "h3" or "h4" or "h5" or "h6" or "section" or "article" or "div" or "main" or "details" or "dt" or "li" or "table" or "figure" or "pre" => true,
        "a" or "span" => _headingLevel > 0,
        _ => false,
    };

    private bool IsDropped(IElement element, string name)
    {
        if (Dropped.Contains(name)) return true;
        if (name == "header" && _articleDepth == 0) return true;
        if (element.HasAttribute("hidden")) return true;
        if (element.GetAttribute("aria-hidden") == "true") return true;
        string? role = element.GetAttribute("role");
        if (role is "navigation" or "banner" or "contentinfo" or "complementary" or "search") return true;
        string? cls = element.GetAttribute("class");
        if (cls is not null)
        {
            foreach (var marker in BoilerplateMarkers)
            {
                if (cls.Contains(marker, StringComparison.OrdinalIgnoreCase)) return true;
            }
            foreach (var range in cls.AsSpan().SplitAny(" \t\n\r\f"))
            {
                var className = cls.AsSpan(range);
                if (!className.IsEmpty && BoilerplateClasses.GetAlternateLookup<ReadOnlySpan<char>>().Contains(className)) return true;
            }
        }
        return false;
    }

    private void Enter(string name)
    {
        switch (name)
        {
            case "ul" or "ol" or "menu": _listDepth++; break;
            case "li": _liDepth++; break;
            case "blockquote": _quoteDepth++; break;
            case "article": _articleDepth++; break;
            case "h1" or "h2" or "h3" or "h4" or "h5" or "h6": _headingLevel = name[1] - '0'; break;
        }
    }

    private void Leave(string name)
    {
        Flush();
        switch (name)
        {
            case "ul" or "ol" or "menu": _listDepth--; break;
            case "li": _liDepth--; break;
            case "blockquote": _quoteDepth--; break;
            case "article": _articleDepth--; break;
            case "h1" or "h2" or "h3" or "h4" or "h5" or "h6": _headingLevel = 0; break;
        }
    }

    private void AppendText(string text)
    {
        int firstNonSpace = -1, lastNonSpace = -1;
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsWhiteSpace(text[i])) continue;
            if (firstNonSpace < 0) firstNonSpace = i;
            lastNonSpace = i;
        }
        if (firstNonSpace < 0)
        {
            _line += Count(text.AsSpan(), '\n');
            if (_pending.Length > 0 && _pending[^1] != ' ' && _pending[^1] != '\n') _pending.Append(' ');
            return;
        }
        if (_pending.Length == 0 || IsBlankPending())
        {
            _pendingStart = _line + Count(text.AsSpan(0, firstNonSpace), '\n');
            _pendingAnchor = _anchor;
        }
        _pendingEnd = _line + Count(text.AsSpan(0, lastNonSpace), '\n');
        _line += Count(text.AsSpan(), '\n');
        HtmlText.AppendCollapsed(text, _pending);
    }

    private bool IsBlankPending()
    {
        for (int i = 0; i < _pending.Length; i++) if (!char.IsWhiteSpace(_pending[i])) return false;
        return true;
    }

    private void Flush()
    {
        if (_pending.Length == 0) return;
        string text = _cleaner.Clean(_pending.ToString());
        _pending.Clear();
        if (text.Length == 0) return;
        BlockKind kind;
        int level = 0;
        if (_headingLevel > 0) { kind = BlockKind.Heading; level = _headingLevel; text = text.Replace('\n', ' '); }
        else if (_liDepth > 0) { kind = BlockKind.ListItem; level = Math.Max(1, _listDepth); }
        else if (_quoteDepth > 0) kind = BlockKind.Quote;
        else kind = BlockKind.Paragraph;
        _blocks.Add(new Block(kind, text, level, _pendingStart, Math.Max(_pendingStart, _pendingEnd), _pendingAnchor));
    }

    private void AddCode(IElement pre)
    {
        _scratch.Clear();
        HtmlText.AppendVerbatim(pre, _scratch);
        string raw = _scratch.ToString();
        int start = _line;
        // the HTML parser drops one newline right after <pre>
        int lines = Count(raw.AsSpan().TrimEnd(), '\n');
        _line += Count(raw.AsSpan(), '\n');
        string text = _cleaner.Clean(raw, preserveIndentation: true);
        if (text.Length == 0) return;
        int leading = Count(raw.AsSpan(0, raw.Length - raw.AsSpan().TrimStart().Length), '\n');
        _blocks.Add(new Block(BlockKind.Code, text, 0, start + leading, start + lines, _anchor));
    }

    private void AddTable(IElement table)
    {
        var (rows, header) = HtmlTable.Read(table);
        if (rows.Count == 0) return;
        int start = _line;
        for (int i = 0; i < rows.Count; i++) rows[i] = _cleaner.Clean(rows[i]).Replace('\n', ' ');
        if (header is not null) header = rows[0];
        string text = string.Join('\n', rows);
        int end = LastLine(table, start);
        _line = end;
        _blocks.Add(new Block(BlockKind.Table, text, 0, start, end, _anchor, header));
    }

    /// <summary>The source line of the last element under <paramref name="root"/> (rows of a table).</summary>
    private static int LastLine(IElement root, int fallback)
    {
        int line = fallback;
        var stack = new Stack<INode>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node is IElement e && e.SourceReference is { } s) line = Math.Max(line, s.Position.Line);
            var children = node.ChildNodes;
            for (int i = 0; i < children.Length; i++) if (children[i] is IElement) stack.Push(children[i]);
        }
        return line;
    }

    private static int Count(ReadOnlySpan<char> text, char c) => text.Count(c);
}
