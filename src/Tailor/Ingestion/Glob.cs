using System.Text;
using System.Text.RegularExpressions;

namespace Tailor.Ingestion;

/// <summary>
/// A gitignore-like glob over '/'-separated relative paths: `*` matches within a path segment,
/// `**` across segments, `?` one character. A pattern without '/' matches the file name at any depth.
/// </summary>
public sealed class Glob
{
    private readonly Regex _regex;

    public Glob(string pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern)) throw new TailorException("An empty glob pattern was given; pass a pattern such as \"*.md\" or \"docs/**\".");
        Pattern = pattern;
        var p = pattern.Replace('\\', '/').TrimStart('/');
        if (p.StartsWith("./", StringComparison.Ordinal)) p = p[2..];
        if (!p.Contains('/')) p = "**/" + p;
        if (p.EndsWith('/')) p += "**";
        var sb = new StringBuilder("^");
        for (int i = 0; i < p.Length; i++)
        {
            char c = p[i];
            if (c == '*' && i + 1 < p.Length && p[i + 1] == '*')
            {
                bool slashAfter = i + 2 < p.Length && p[i + 2] == '/';
                sb.Append(slashAfter ? "(?:.*/)?" : ".*");
                i += slashAfter ? 2 : 1;
            }
            else if (c == '*') sb.Append("[^/]*");
            else if (c == '?') sb.Append("[^/]");
            else sb.Append(Regex.Escape(c.ToString()));
        }
        sb.Append('$');
        _regex = new Regex(sb.ToString(), RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
    }

    public string Pattern { get; }

    public bool IsMatch(string relativePath) => _regex.IsMatch(relativePath);
}
