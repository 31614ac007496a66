using Tailor.Extraction;

namespace Tailor.Chunking;

/// <summary>A run of blocks under one heading: its path, heading level (0 for the root) and block range.</summary>
internal readonly record struct Section(string Path, int Level, int First, int End)
{
    /// <summary>True when <paramref name="other"/> lies inside this section's subtree.</summary>
    public bool IsParentOf(Section other) =>
        Level == 0 || (other.Level > Level && other.Path.Length > Path.Length && other.Path.StartsWith(Path + " > ", StringComparison.Ordinal));

    /// <summary>Cuts a document's blocks into sections by heading; the title is the root when there is no H1 to be it.</summary>
    public static List<Section> Of(ExtractedDocument document)
    {
        var sections = new List<Section>();
        var stack = new List<(int Level, string Text)>();
        var blocks = document.Blocks;
        string title = document.Title.Trim();
        string path = PathOf(title, stack);
        int level = 0, first = 0;
        for (int i = 0; i < blocks.Count; i++)
        {
            var block = blocks[i];
            if (block.Kind != BlockKind.Heading) continue;
            if (i > first) sections.Add(new Section(path, level, first, i));
            int headingLevel = Math.Clamp(block.Level, 1, 6);
            while (stack.Count > 0 && stack[^1].Level >= headingLevel) stack.RemoveAt(stack.Count - 1);
            stack.Add((headingLevel, block.Text.Replace('\n', ' ').Trim()));
            path = PathOf(title, stack);
            level = headingLevel;
            first = i;
        }
        if (blocks.Count > first) sections.Add(new Section(path, level, first, blocks.Count));
        return sections;
    }

    private static string PathOf(string title, List<(int Level, string Text)> stack)
    {
        bool titleIsRoot = title.Length > 0
            && (stack.Count == 0 || (stack[0].Level != 1 && !stack[0].Text.Equals(title, StringComparison.OrdinalIgnoreCase)));
        if (stack.Count == 0) return titleIsRoot ? title : "";
        int capacity = titleIsRoot ? title.Length + 3 : 0;
        foreach (var (_, text) in stack) capacity += text.Length + 3;
        var sb = new System.Text.StringBuilder(capacity);
        if (titleIsRoot) sb.Append(title);
        foreach (var (_, text) in stack)
        {
            if (sb.Length > 0) sb.Append(" > ");
            sb.Append(text);
        }
        return sb.ToString();
    }
}
