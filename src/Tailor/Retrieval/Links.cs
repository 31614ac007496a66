namespace Tailor.Retrieval;

/// <summary>Builds the link a citation points to: a file with a line range (#L12-L20) or an HTML anchor (#install).</summary>
public static class Links
{
    public static string For(string source, string format, int lineStart, int lineEnd, string? anchor)
    {
        if (format == "html" && !string.IsNullOrEmpty(anchor)) return source + "#" + anchor;
        if (lineStart > 0)
            return lineEnd > lineStart ? $"{source}#L{lineStart}-L{lineEnd}" : $"{source}#L{lineStart}";
        if (!string.IsNullOrEmpty(anchor)) return source + "#" + anchor;
        return source;
    }
}
