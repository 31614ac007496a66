namespace Tailor.Retrieval;

/// <summary>
/// Builds the link a citation points to: a file with a line range (#L12-L20), an HTML anchor (#install),
/// a PDF page (#page=7), a slide (#slide=3) or a sheet's cell range (#Sheet1!A1:D26); a web page by its URL and anchor.
/// </summary>
public static class Links
{
    public static string For(string source, string format, int lineStart, int lineEnd, string? anchor)
    {
        if (format == "html" && !string.IsNullOrEmpty(anchor)) return source + "#" + anchor;
        // a fetched web page: line numbers of its markup mean nothing to a browser
        if (source.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || source.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            return string.IsNullOrEmpty(anchor) ? source : source + "#" + anchor;
        if (lineStart > 0)
            return lineEnd > lineStart ? $"{source}#L{lineStart}-L{lineEnd}" : $"{source}#L{lineStart}";
        if (!string.IsNullOrEmpty(anchor)) return source + "#" + anchor;
        return source;
    }
}
