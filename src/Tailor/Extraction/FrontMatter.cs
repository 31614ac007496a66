namespace Tailor.Extraction;

/// <summary>Reads the few fields Tailor uses from a YAML front-matter block, without a YAML parser.</summary>
internal static class FrontMatter
{
    /// <summary>The value of a top-level "title:" line, unquoted, or null.</summary>
    public static string? Title(string yaml)
    {
        var value = Field(yaml, "title");
        return value is null || value.Length == 0 ? null : value;
    }

    /// <summary>
    /// The tags of a top-level "tags:" field: a flow list (<c>tags: [a, "b c"]</c>), a comma-separated
    /// scalar (<c>tags: a, b</c>) or a block list of "- item" lines below it. Trimmed, unquoted, empty ones dropped.
    /// </summary>
    public static List<string> Tags(string yaml) => List(yaml, "tags");

    /// <summary>The access groups of a top-level "acl:" field, written like tags.</summary>
    public static List<string> Acl(string yaml) => List(yaml, "acl");

    private static List<string> List(string yaml, string key)
    {
        var prefix = key + ":";
        var tags = new List<string>();
        bool inBlock = false;
        foreach (var rawLine in yaml.AsSpan().EnumerateLines())
        {
            var line = rawLine.TrimEnd();
            if (inBlock)
            {
                var trimmed = line.TrimStart();
                if (trimmed.StartsWith("-"))
                {
                    AddTag(tags, trimmed[1..]);
                    continue;
                }
                if (trimmed.IsEmpty || trimmed.StartsWith("#")) continue;
                break; // the next key ends the block list
            }
            if (!line.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) continue;
            var value = line[prefix.Length..].Trim();
            if (value.IsEmpty)
            {
                inBlock = true;
                continue;
            }
            if (value[0] == '[' && value[^1] == ']') value = value[1..^1];
            foreach (var part in value.ToString().Split(',')) AddTag(tags, part);
            break;
        }
        return tags;
    }

    /// <summary>The top-level "date:" as UTC (a date alone is midnight UTC; a time without offset is taken as UTC), or null when missing or not a date.</summary>
    public static DateTime? Date(string yaml)
    {
        var value = Field(yaml, "date");
        if (string.IsNullOrEmpty(value)) return null;
        return DateTime.TryParse(value, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal, out var date)
            ? DateTime.SpecifyKind(date, DateTimeKind.Utc)
            : null;
    }

    private static string? Field(string yaml, string key)
    {
        foreach (var rawLine in yaml.AsSpan().EnumerateLines())
        {
            var line = rawLine.TrimEnd();
            if (line.Length <= key.Length || line[key.Length] != ':' || !line.StartsWith(key, StringComparison.OrdinalIgnoreCase)) continue;
            return Unquote(line[(key.Length + 1)..].Trim()).ToString();
        }
        return null;
    }

    private static void AddTag(List<string> tags, ReadOnlySpan<char> raw)
    {
        var tag = Unquote(raw.Trim()).Trim();
        if (!tag.IsEmpty) tags.Add(tag.ToString());
    }

    private static ReadOnlySpan<char> Unquote(ReadOnlySpan<char> value) =>
        value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0] ? value[1..^1] : value;
}
