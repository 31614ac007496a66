namespace Tailor.Evaluation.Qa;

/// <summary>
/// Decides whether an expected source names a retrieved one. Both sides are compared with '/' as
/// separator and without a '#fragment'; a match is equality, or the expected value being a suffix
/// starting at a path segment ("vacation.md" matches "docs/handbook/vacation.md"), or a prefix ending
/// at a segment ("handbook" matches "handbook/vacation.md"). Comparison is ordinal.
/// </summary>
public static class SourceMatch
{
    public static bool Matches(string expected, string candidate)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(candidate);
        string e = Normalize(expected), c = Normalize(candidate);
        if (e.Length == 0 || c.Length == 0) return false;
        if (c == e) return true;
        if (c.Length > e.Length)
        {
            if (c.EndsWith(e, StringComparison.Ordinal) && (c[c.Length - e.Length - 1] == '/' || e[0] == '/')) return true;
            if (c.StartsWith(e, StringComparison.Ordinal) && (c[e.Length] == '/' || e[^1] == '/')) return true;
        }
        return false;
    }

    private static string Normalize(string s)
    {
        s = s.Trim().Replace('\\', '/');
        int hash = s.IndexOf('#');
        if (hash >= 0) s = s[..hash];
        if (s.StartsWith("./", StringComparison.Ordinal)) s = s[2..];
        return s.Length > 1 ? s.TrimEnd('/') : s;
    }
}
