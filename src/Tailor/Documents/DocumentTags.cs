namespace Tailor.Documents;

/// <summary>How tags are normalized: trimmed, lower-case (invariant), distinct, sorted ordinally.</summary>
public static class DocumentTags
{
    public static string Normalize(string tag) => tag.Trim().ToLowerInvariant();

    /// <summary>The normalized union of several tag lists; empty tags are dropped.</summary>
    public static IReadOnlyList<string> Merge(params IEnumerable<string>[] lists)
    {
        var set = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var list in lists)
            foreach (var tag in list)
            {
                var t = Normalize(tag);
                if (t.Length > 0) set.Add(t);
            }
        return set.ToList();
    }
}
