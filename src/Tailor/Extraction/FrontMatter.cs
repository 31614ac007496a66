namespace Tailor.Extraction;

/// <summary>Reads the few fields Tailor uses from a YAML front-matter block, without a YAML parser.</summary>
internal static class FrontMatter
{
    /// <summary>The value of a top-level "title:" line, unquoted, or null.</summary>
    public static string? Title(string yaml)
    {
        foreach (var rawLine in yaml.AsSpan().EnumerateLines())
        {
            var line = rawLine.TrimEnd();
            if (!line.StartsWith("title:", StringComparison.OrdinalIgnoreCase)) continue;
            var value = line["title:".Length..].Trim();
            if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0]) value = value[1..^1];
            return value.IsEmpty ? null : value.ToString();
        }
        return null;
    }
}
