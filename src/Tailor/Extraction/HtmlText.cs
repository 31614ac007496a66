using System.Text;
using AngleSharp.Dom;

namespace Tailor.Extraction;

/// <summary>Text of an HTML subtree without recursion: whitespace collapsed (prose) or verbatim (pre).</summary>
internal static class HtmlText
{
    /// <summary>Appends the text under <paramref name="root"/> with whitespace runs collapsed to one space; br becomes "\n".</summary>
    public static void AppendCollapsed(INode root, StringBuilder sb) => Append(root, sb, verbatim: false);

    /// <summary>Appends the text under <paramref name="root"/> exactly as written.</summary>
    public static void AppendVerbatim(INode root, StringBuilder sb) => Append(root, sb, verbatim: true);

    private static void Append(INode root, StringBuilder sb, bool verbatim)
    {
        var stack = new Stack<INode>();
        Push(root, stack);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node.NodeType == NodeType.Text)
            {
                if (verbatim) sb.Append(node.TextContent);
                else AppendCollapsed(node.TextContent, sb);
                continue;
            }
            if (node is not IElement element) continue;
            switch (element.LocalName)
            {
                case "br":
                    sb.Append('\n');
                    continue;
                case "script" or "style" or "template" or "noscript":
                    continue;
            }
            Push(element, stack);
        }
    }

    /// <summary>Appends <paramref name="text"/> with every whitespace run turned into one space.</summary>
    public static void AppendCollapsed(string text, StringBuilder sb)
    {
        var span = text.AsSpan();
        bool space = sb.Length > 0 && (sb[^1] == ' ' || sb[^1] == '\n');
        int i = 0;
        while (i < span.Length)
        {
            int ws = IndexOfWhiteSpace(span, i);
            if (ws < 0) ws = span.Length;
            if (ws > i)
            {
                sb.Append(span[i..ws]);
                space = false;
                i = ws;
            }
            while (i < span.Length && char.IsWhiteSpace(span[i])) i++;
            if (i > ws && !space)
            {
                sb.Append(' ');
                space = true;
            }
        }
    }

    private static int IndexOfWhiteSpace(ReadOnlySpan<char> span, int from)
    {
        for (int i = from; i < span.Length; i++)
        {
            char c = span[i];
            if (c <= ' ' ? c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v' : c > 127 && char.IsWhiteSpace(c)) return i;
        }
        return -1;
    }

    private static void Push(INode node, Stack<INode> stack)
    {
        var children = node.ChildNodes;
        for (int i = children.Length - 1; i >= 0; i--) stack.Push(children[i]);
    }
}
