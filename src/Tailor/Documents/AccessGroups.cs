namespace Tailor.Documents;

/// <summary>
/// Per-document access groups, stored as tags with the reserved prefix <c>acl:</c> (front matter <c>acl:</c>,
/// <c>tailor ingest --acl</c>, the server's upload field <c>acl</c>). A reader with groups sees the documents that have
/// no group and those sharing one of its groups; a reader without groups is not restricted.
/// </summary>
public static class AccessGroups
{
    public const string TagPrefix = "acl:";

    /// <summary>The tag that records group <paramref name="group"/>.</summary>
    public static string Tag(string group) => TagPrefix + DocumentTags.Normalize(group);

    /// <summary>The tags recording <paramref name="groups"/> (empty ones dropped).</summary>
    public static IReadOnlyList<string> Tags(IEnumerable<string> groups) => groups.Where(g => g.Trim().Length > 0).Select(Tag).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The groups a document's tags record.</summary>
    public static IReadOnlyList<string> Of(IEnumerable<string> tags) =>
        tags.Where(t => t.StartsWith(TagPrefix, StringComparison.Ordinal)).Select(t => t[TagPrefix.Length..]).ToList();

    /// <summary>True when a reader with <paramref name="groups"/> (null or empty: unrestricted) may see a document with <paramref name="tags"/>.</summary>
    public static bool MaySee(IEnumerable<string> tags, IReadOnlyList<string>? groups)
    {
        if (groups is null || groups.Count == 0) return true;
        var own = Of(tags);
        if (own.Count == 0) return true;
        foreach (var g in groups)
            if (own.Contains(DocumentTags.Normalize(g))) return true;
        return false;
    }
}
