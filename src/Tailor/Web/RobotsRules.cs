namespace Tailor.Web;

/// <summary>
/// The rules of a robots.txt that apply to Tailor: the group for "tailor" if there is one, else the
/// group for "*"; the longest matching Allow or Disallow prefix decides ("*" wildcards and "$" ends are
/// honoured), and a path no rule matches is allowed.
/// </summary>
public sealed class RobotsRules
{
    public static readonly RobotsRules AllowAll = new([]);

    private readonly List<(string Pattern, bool Allow)> _rules;

    private RobotsRules(List<(string Pattern, bool Allow)> rules) => _rules = rules;

    public static RobotsRules Parse(string text)
    {
        var groups = new Dictionary<string, List<(string, bool)>>(StringComparer.OrdinalIgnoreCase);
        var agents = new List<string>();
        bool inRules = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Split('#')[0].Trim();
            int colon = line.IndexOf(':');
            if (colon <= 0) continue;
            var field = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (field.Equals("user-agent", StringComparison.OrdinalIgnoreCase))
            {
                if (inRules) { agents.Clear(); inRules = false; }
                agents.Add(value);
                foreach (var agent in agents) if (!groups.ContainsKey(agent)) groups[agent] = [];
                continue;
            }
            bool allow = field.Equals("allow", StringComparison.OrdinalIgnoreCase);
            if (!allow && !field.Equals("disallow", StringComparison.OrdinalIgnoreCase)) continue;
            inRules = true;
            if (value.Length == 0) continue; // "Disallow:" with nothing allows everything
            foreach (var agent in agents) groups[agent].Add((value, allow));
        }
        if (groups.TryGetValue("tailor", out var own)) return new RobotsRules(own);
        return groups.TryGetValue("*", out var any) ? new RobotsRules(any) : AllowAll;
    }

    /// <summary>True when <paramref name="pathAndQuery"/> ("/docs/a?x=1") may be fetched.</summary>
    public bool Allows(string pathAndQuery)
    {
        int best = -1;
        bool allowed = true;
        foreach (var (pattern, allow) in _rules)
        {
            if (!Matches(pattern, pathAndQuery)) continue;
            if (pattern.Length > best || (pattern.Length == best && allow))
            {
                best = pattern.Length;
                allowed = allow;
            }
        }
        return allowed;
    }

    private static bool Matches(string pattern, string path)
    {
        bool anchored = pattern.EndsWith('$');
        if (anchored) pattern = pattern[..^1];
        var parts = pattern.Split('*');
        int pos = 0;
        for (int i = 0; i < parts.Length; i++)
        {
            if (i == 0)
            {
                if (!path.StartsWith(parts[0], StringComparison.Ordinal)) return false;
                pos = parts[0].Length;
                continue;
            }
            int at = path.IndexOf(parts[i], pos, StringComparison.Ordinal);
            if (at < 0) return false;
            pos = at + parts[i].Length;
        }
        return !anchored || pos == path.Length || (parts.Length > 1 && path.EndsWith(parts[^1], StringComparison.Ordinal));
    }
}
