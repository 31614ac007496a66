using System.Text;

namespace Tailor.Extraction;

/// <summary>
/// Guards the HTML parser against pathological nesting: the HTML tree-building algorithm checks
/// the stack of open elements for every tag, so 100,000 nested divs take minutes. One linear scan
/// counts the nesting of explicitly closed elements; past <c>maxDepth</c> the open and close tags
/// of the deeper elements are dropped (their text is kept). Browsers cap the depth likewise.
/// </summary>
internal static class HtmlDepthLimiter
{
    private static readonly HashSet<string> NotNesting = new(StringComparer.OrdinalIgnoreCase)
    {
        // void elements
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param", "keygen",
        // elements whose end tag may be omitted: they close themselves and do not deepen the tree
        "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "rb", "rt", "rp", "colgroup", "caption",
        "html", "head", "body",
    };

    private static readonly string[] RawText = ["script", "style", "textarea", "title", "xmp", "plaintext", "noscript", "iframe", "noembed", "noframes"];

    public static string Limit(string html, int maxDepth)
    {
        if (!Exceeds(html, maxDepth)) return html;
        var output = new StringBuilder(html.Length);
        var dropped = new Stack<bool>();
        int depth = 0, copied = 0;
        Scan(html, (start, end, isClose, selfClosing, name) =>
        {
            if (NotNesting.Contains(name) || selfClosing) return;
            bool drop;
            if (!isClose)
            {
                depth++;
                drop = depth > maxDepth;
                dropped.Push(drop);
            }
            else
            {
                if (dropped.Count == 0) return;
                depth--;
                drop = dropped.Pop();
            }
            if (!drop) return;
            output.Append(html, copied, start - copied);
            copied = end;
        });
        output.Append(html, copied, html.Length - copied);
        return output.ToString();
    }

    private static bool Exceeds(string html, int maxDepth)
    {
        int depth = 0, max = 0;
        Scan(html, (_, _, isClose, selfClosing, name) =>
        {
            if (NotNesting.Contains(name) || selfClosing) return;
            if (isClose) depth = Math.Max(0, depth - 1);
            else max = Math.Max(max, ++depth);
        });
        return max > maxDepth;
    }

    private delegate void TagHandler(int start, int end, bool isClose, bool selfClosing, string name);

    /// <summary>Finds tags (skipping comments and raw-text element bodies) and reports [start, end) of each.</summary>
    private static void Scan(string html, TagHandler onTag)
    {
        var span = html.AsSpan();
        int i = 0;
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (i < span.Length)
        {
            int lt = span[i..].IndexOf('<');
            if (lt < 0) return;
            i += lt;
            if (span[i..].StartsWith("<!--"))
            {
                int close = span[(i + 4)..].IndexOf("-->");
                if (close < 0) return;
                i += 4 + close + 3;
                continue;
            }
            bool isClose = i + 1 < span.Length && span[i + 1] == '/';
            int nameStart = i + (isClose ? 2 : 1);
            int nameEnd = nameStart;
            while (nameEnd < span.Length && (char.IsAsciiLetterOrDigit(span[nameEnd]) || span[nameEnd] == '-')) nameEnd++;
            if (nameEnd == nameStart || !char.IsAsciiLetter(span[nameStart]))
            {
                i++;
                continue;
            }
            int end = TagEnd(span, nameEnd);
            if (end < 0) return;
            bool selfClosing = span[end - 2] == '/';
            var nameSpan = span[nameStart..nameEnd];
            var lookup = names.GetAlternateLookup<ReadOnlySpan<char>>();
            if (!lookup.TryGetValue(nameSpan, out var name))
            {
                name = nameSpan.ToString().ToLowerInvariant();
                names[name] = name;
            }
            onTag(i, end, isClose, selfClosing, name);
            i = end;
            if (!isClose && Array.IndexOf(RawText, name) >= 0)
            {
                int close = span[i..].IndexOf(("</" + name).AsSpan(), StringComparison.OrdinalIgnoreCase);
                if (close < 0) return;
                i += close;
            }
        }
    }

    /// <summary>Index just past the '>' closing a tag whose name ends at <paramref name="from"/>, honouring quoted attribute values.</summary>
    private static int TagEnd(ReadOnlySpan<char> span, int from)
    {
        char quote = '\0';
        for (int i = from; i < span.Length; i++)
        {
            char c = span[i];
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
                continue;
            }
            if (c == '"' || c == '\'') quote = c;
            else if (c == '>') return i + 1;
        }
        return -1;
    }
}
