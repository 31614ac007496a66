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

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> NotNestingLookup = NotNesting.GetAlternateLookup<ReadOnlySpan<char>>();

    public static string Limit(string html, int maxDepth)
    {
        if (!Exceeds(html, maxDepth)) return html;
        var output = new StringBuilder(html.Length);
        var dropped = new Stack<bool>();
        int depth = 0, copied = 0, i = 0;
        while (NextTag(html, ref i, out var tag))
        {
            if (tag.SelfClosing || NotNestingLookup.Contains(html.AsSpan(tag.NameStart, tag.NameLength))) continue;
            bool drop;
            if (!tag.IsClose)
            {
                depth++;
                drop = depth > maxDepth;
                dropped.Push(drop);
            }
            else
            {
                if (dropped.Count == 0) continue;
                depth--;
                drop = dropped.Pop();
            }
            if (!drop) continue;
            output.Append(html, copied, tag.Start - copied);
            copied = tag.End;
        }
        output.Append(html, copied, html.Length - copied);
        return output.ToString();
    }

    private static bool Exceeds(string html, int maxDepth)
    {
        int depth = 0, i = 0;
        while (NextTag(html, ref i, out var tag))
        {
            if (tag.SelfClosing || NotNestingLookup.Contains(html.AsSpan(tag.NameStart, tag.NameLength))) continue;
            if (tag.IsClose) depth = Math.Max(0, depth - 1);
            else if (++depth > maxDepth) return true;
        }
        return false;
    }

    private readonly record struct Tag(int Start, int End, int NameStart, int NameLength, bool IsClose, bool SelfClosing);

    /// <summary>Finds the next tag at or after <paramref name="i"/>, skipping comments and raw-text element bodies.</summary>
    private static bool NextTag(string html, ref int i, out Tag tag)
    {
        var span = html.AsSpan();
        tag = default;
        while (i < span.Length)
        {
            int lt = span[i..].IndexOf('<');
            if (lt < 0) { i = span.Length; return false; }
            i += lt;
            if (span[i..].StartsWith("<!--"))
            {
                int close = span[(i + 4)..].IndexOf("-->");
                if (close < 0) { i = span.Length; return false; }
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
            if (end < 0) { i = span.Length; return false; }
            bool selfClosing = span[end - 2] == '/';
            tag = new Tag(i, end, nameStart, nameEnd - nameStart, isClose, selfClosing);
            i = end;
            if (!isClose)
            {
                var name = span[nameStart..nameEnd];
                foreach (var raw in RawText)
                {
                    if (!name.Equals(raw, StringComparison.OrdinalIgnoreCase)) continue;
                    int close = span[i..].IndexOf(("</" + raw).AsSpan(), StringComparison.OrdinalIgnoreCase);
                    i = close < 0 ? span.Length : i + close;
                    break;
                }
            }
            return true;
        }
        return false;
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
