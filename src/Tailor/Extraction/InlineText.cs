using System.Text;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Tailor.Extraction;

/// <summary>Flattens Markdig inlines to plain text without recursion (deeply nested input cannot overflow the stack).</summary>
internal static class InlineText
{
    public static void Append(ContainerInline? root, StringBuilder sb)
    {
        if (root is null) return;
        var stack = new Stack<Inline>();
        PushChildren(root, stack);
        while (stack.Count > 0)
        {
            var inline = stack.Pop();
            switch (inline)
            {
                case LiteralInline literal:
                    sb.Append(literal.Content.AsSpan());
                    break;
                case CodeInline code:
                    sb.Append(code.Content);
                    break;
                case LineBreakInline lineBreak:
                    // a soft break only wraps the source line; a hard break (two spaces, backslash) is kept
                    sb.Append(lineBreak.IsHard ? '\n' : ' ');
                    break;
                case HtmlEntityInline entity:
                    sb.Append(entity.Transcoded.AsSpan());
                    break;
                case AutolinkInline autolink:
                    sb.Append(autolink.Url);
                    break;
                case HtmlInline:
                    break;
                case ContainerInline container:
                    PushChildren(container, stack);
                    break;
            }
        }
    }

    /// <summary>The text of every leaf block under <paramref name="container"/>, paragraphs joined by a space.</summary>
    public static void AppendLeaves(ContainerBlock container, StringBuilder sb)
    {
        var stack = new Stack<Markdig.Syntax.Block>();
        for (int i = container.Count - 1; i >= 0; i--) stack.Push(container[i]);
        while (stack.Count > 0)
        {
            var block = stack.Pop();
            if (block is ContainerBlock inner)
            {
                for (int i = inner.Count - 1; i >= 0; i--) stack.Push(inner[i]);
            }
            else if (block is LeafBlock leaf)
            {
                if (sb.Length > 0 && sb[^1] != ' ') sb.Append(' ');
                if (leaf.Inline is not null) Append(leaf.Inline, sb);
                else sb.Append(leaf.Lines.ToString());
            }
        }
    }

    private static void PushChildren(ContainerInline container, Stack<Inline> stack)
    {
        var last = container.LastChild;
        for (var child = last; child is not null; child = child.PreviousSibling) stack.Push(child);
    }
}
