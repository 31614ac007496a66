using System.Text;
using AngleSharp.Dom;

namespace Tailor.Extraction;

/// <summary>Reads an HTML table into rows of " | "-joined cells, finding the header row (thead or all-th).</summary>
internal static class HtmlTable
{
    /// <summary>Returns the rows (header first when there is one) and the header row, or null.</summary>
    public static (List<string> Rows, string? Header) Read(IElement table)
    {
        var rows = new List<string>();
        string? header = null;
        var row = new StringBuilder();
        var cell = new StringBuilder();
        var stack = new Stack<(INode Node, bool InHead)>();
        PushChildren(table, false, stack);
        while (stack.Count > 0)
        {
            var (node, inHead) = stack.Pop();
            if (node is not IElement element) continue;
            switch (element.LocalName)
            {
                case "thead":
                    PushChildren(element, true, stack);
                    break;
                case "tr":
                {
                    row.Clear();
                    bool allHeaderCells = true;
                    int cells = 0;
                    var children = element.ChildNodes;
                    for (int i = 0; i < children.Length; i++)
                    {
                        if (children[i] is not IElement c || (c.LocalName != "td" && c.LocalName != "th")) continue;
                        if (c.LocalName != "th") allHeaderCells = false;
                        cell.Clear();
                        HtmlText.AppendCollapsed(c, cell);
                        if (cells++ > 0) row.Append(" | ");
                        row.Append(cell.ToString().Trim());
                    }
                    if (cells == 0) break;
                    string text = row.ToString().Trim();
                    if (text.Replace("|", "").Trim().Length == 0) break;
                    if (header is null && rows.Count == 0 && (inHead || allHeaderCells)) header = text;
                    rows.Add(text);
                    break;
                }
                case "table":
                    break; // nested tables are read as the text of their cell
                case "script" or "style" or "template":
                    break;
                default:
                    PushChildren(element, inHead, stack);
                    break;
            }
        }
        return (rows, header);
    }

    private static void PushChildren(INode node, bool inHead, Stack<(INode, bool)> stack)
    {
        var children = node.ChildNodes;
        for (int i = children.Length - 1; i >= 0; i--) stack.Push((children[i], inHead));
    }
}
