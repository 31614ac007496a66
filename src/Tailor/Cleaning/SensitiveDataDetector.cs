using System.Text;
using System.Text.RegularExpressions;

namespace Tailor.Cleaning;

/// <summary>
/// Finds sensitive data in text and masks it: e-mail addresses, phone numbers, payment card numbers
/// (13 to 19 digits passing the Luhn check), IBANs (mod 97 check), US social security numbers,
/// IPv4 addresses, and secrets (keys with a known prefix such as <c>sk-</c>, <c>ghp_</c>, <c>AKIA</c>,
/// <c>xoxb-</c>, <c>AIza</c>; PEM private-key blocks; long high-entropy tokens). Where two findings
/// overlap the stronger one wins (a checked card or IBAN over a phone number). Masks keep the kind:
/// <c>[EMAIL]</c>, <c>[PHONE]</c>, <c>[CARD]</c>, <c>[IBAN]</c>, <c>[SSN]</c>, <c>[IP]</c>, <c>[SECRET]</c>.
/// </summary>
public static partial class SensitiveDataDetector
{
    /// <summary>Every kind, in the order findings of equal span are preferred.</summary>
    public static readonly IReadOnlyList<SensitiveKind> AllKinds = Enum.GetValues<SensitiveKind>();

    /// <summary>The mask that replaces a finding of <paramref name="kind"/>.</summary>
    public static string Mask(SensitiveKind kind) => "[" + kind.ToString().ToUpperInvariant() + "]";

    /// <summary>
    /// Parses a comma-separated list of kinds ("email,card") or "all"; names are case-insensitive.
    /// Throws <see cref="TailorException"/> naming an unknown kind and the known ones.
    /// </summary>
    public static IReadOnlyList<SensitiveKind> ParseKinds(string? text, string what = "--redact")
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        var kinds = new SortedSet<SensitiveKind>();
        foreach (var raw in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (raw.Equals("all", StringComparison.OrdinalIgnoreCase)) { kinds.UnionWith(AllKinds); continue; }
            if (raw.Equals("none", StringComparison.OrdinalIgnoreCase)) continue;
            if (!Enum.TryParse<SensitiveKind>(raw, ignoreCase: true, out var kind) || !Enum.IsDefined(kind) || int.TryParse(raw, out _))
                throw new TailorException($"{what}: unknown kind \"{raw}\"; use all, or a comma-separated list of {string.Join(", ", AllKinds.Select(k => k.ToString().ToLowerInvariant()))}");
            kinds.Add(kind);
        }
        return kinds.ToArray();
    }

    /// <summary>The findings in <paramref name="text"/>, in order, without overlaps.</summary>
    public static List<SensitiveMatch> Find(string text)
    {
        var found = new List<SensitiveMatch>();
        if (string.IsNullOrEmpty(text)) return found;
        foreach (Match m in PrivateKey().Matches(text)) found.Add(new(SensitiveKind.Secret, m.Index, m.Length));
        foreach (Match m in KeyPrefix().Matches(text)) found.Add(new(SensitiveKind.Secret, m.Index, m.Length));
        foreach (Match m in Email().Matches(text)) found.Add(new(SensitiveKind.Email, m.Index, m.Length));
        foreach (Match m in Iban().Matches(text))
            if (LongestValidIban(m.Value) is int length) found.Add(new(SensitiveKind.Iban, m.Index, length));
        foreach (Match m in Card().Matches(text))
            if (IsCard(m.Value)) found.Add(new(SensitiveKind.Card, m.Index, m.Length));
        foreach (Match m in Ssn().Matches(text)) found.Add(new(SensitiveKind.Ssn, m.Index, m.Length));
        foreach (Match m in Ipv4().Matches(text))
            if (!LooksLikeVersion(text, m.Index)) found.Add(new(SensitiveKind.Ip, m.Index, m.Length));
        foreach (Match m in Phone().Matches(text))
            if (IsPhone(m.Value)) found.Add(new(SensitiveKind.Phone, m.Index, m.Length));
        foreach (Match m in Token().Matches(text))
            if (IsHighEntropyToken(m.Value)) found.Add(new(SensitiveKind.Secret, m.Index, m.Length));
        return Resolve(found);
    }

    /// <summary>
    /// <paramref name="text"/> with every finding of the given kinds replaced by its mask; <paramref name="counts"/>
    /// gets the number of findings of every kind (redacted or not).
    /// </summary>
    public static string Redact(string text, IReadOnlyCollection<SensitiveKind> kinds, Dictionary<SensitiveKind, int>? counts = null)
    {
        var found = Find(text);
        if (counts is not null) foreach (var f in found) counts[f.Kind] = counts.GetValueOrDefault(f.Kind) + 1;
        if (kinds.Count == 0 || found.Count == 0) return text;
        var sb = new StringBuilder(text.Length);
        int pos = 0;
        foreach (var f in found)
        {
            if (!kinds.Contains(f.Kind)) continue;
            sb.Append(text, pos, f.Start - pos).Append(Mask(f.Kind));
            pos = f.End;
        }
        if (pos == 0) return text;
        sb.Append(text, pos, text.Length - pos);
        return sb.ToString();
    }

    /// <summary>Keeps, of overlapping findings, the one found first (stronger kinds are searched first), then orders by position.</summary>
    private static List<SensitiveMatch> Resolve(List<SensitiveMatch> found)
    {
        var kept = new List<SensitiveMatch>(found.Count);
        foreach (var f in found)
        {
            bool overlaps = false;
            foreach (var k in kept)
                if (f.Start < k.End && k.Start < f.End) { overlaps = true; break; }
            if (!overlaps) kept.Add(f);
        }
        kept.Sort((a, b) => a.Start.CompareTo(b.Start));
        return kept;
    }

    private static bool IsCard(string candidate)
    {
        Span<int> digits = stackalloc int[24];
        int n = 0;
        foreach (char c in candidate)
        {
            if (!char.IsAsciiDigit(c)) continue;
            if (n == digits.Length) return false;
            digits[n++] = c - '0';
        }
        if (n is < 13 or > 19) return false;
        // groups must be regular: all digits, or groups of 4 (Amex 4-6-5, Diners 4-6-4)
        if (candidate.Any(c => c is ' ' or '-'))
        {
            var groups = candidate.Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries).Select(g => g.Length).ToArray();
            bool fours = groups.Take(groups.Length - 1).All(g => g == 4) && groups[^1] is >= 1 and <= 4;
            bool amex = groups is [4, 6, 5] or [4, 6, 4];
            if (!fours && !amex) return false;
        }
        if (digits[0] is 0) return false;
        int sum = 0;
        for (int i = 0; i < n; i++)
        {
            int d = digits[n - 1 - i];
            if (i % 2 == 1) { d *= 2; if (d > 9) d -= 9; }
            sum += d;
        }
        return sum % 10 == 0;
    }

    /// <summary>The length of the longest prefix of <paramref name="candidate"/> that is an IBAN with a valid check (mod 97 = 1), or null.</summary>
    private static int? LongestValidIban(string candidate)
    {
        for (int end = candidate.Length; end >= 15; end--)
        {
            if (end < candidate.Length && candidate[end] != ' ') continue;
            var compact = candidate[..end].Replace(" ", "", StringComparison.Ordinal);
            if (compact.Length is >= 15 and <= 34 && IbanChecks(compact)) return end;
        }
        return null;
    }

    private static bool IbanChecks(string iban)
    {
        int remainder = 0;
        for (int i = 0; i < iban.Length; i++)
        {
            char c = iban[(i + 4) % iban.Length];
            if (char.IsAsciiDigit(c)) remainder = (remainder * 10 + (c - '0')) % 97;
            else if (char.IsAsciiLetterUpper(c)) remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
            else return false;
        }
        return remainder == 1;
    }

    private static bool IsPhone(string candidate)
    {
        int digits = candidate.Count(char.IsAsciiDigit);
        if (digits is < 7 or > 15) return false;
        // "0044 20 7946 0958" dials abroad; a bare run of digits starting with 00 is an order or account number
        bool international = candidate.StartsWith('+') || (candidate.StartsWith("00", StringComparison.Ordinal) && candidate.Any(c => c is ' ' or '-'));
        bool area = candidate.Contains('(');
        int separators = candidate.Count(c => c is ' ' or '-' or '.');
        if (candidate.Contains('.') && !international) return false; // 1.2.3.4 versions, 3.14159 numbers
        if (DateLike().IsMatch(candidate)) return false;
        // a national number has 9 to 11 digits (415 555 0132, 020 7946 0958); longer digit runs are account or order numbers
        return international ? digits >= 8 : (area || separators >= 1) && digits is >= 9 and <= 11;
    }

    /// <summary>"v1.2.3.4", "version 10.0.0.1": a dotted number after "v" or "version" is a version, not an address.</summary>
    private static bool LooksLikeVersion(string text, int index)
    {
        int start = Math.Max(0, index - 9);
        var before = text.AsSpan(start, index - start).TrimEnd();
        return before.EndsWith("v", StringComparison.OrdinalIgnoreCase) || before.EndsWith("version", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A long token mixing letters and digits whose characters carry over 4 bits of entropy each: a key, not a word.</summary>
    private static bool IsHighEntropyToken(string token)
    {
        if (token.Length < 32) return false;
        int letters = 0, digits = 0, upper = 0, lower = 0;
        foreach (char c in token)
        {
            if (char.IsAsciiDigit(c)) digits++;
            else if (char.IsAsciiLetter(c)) { letters++; if (char.IsAsciiLetterUpper(c)) upper++; else lower++; }
        }
        if (letters == 0 || digits == 0) return false;
        bool hex = token.All(char.IsAsciiHexDigit);
        if (hex && token.Length is 32 or 40 or 64) return false; // content hashes and commit ids, not secrets
        if (!hex && (upper == 0 || lower == 0)) return false;
        var counts = new Dictionary<char, int>();
        foreach (char c in token) counts[c] = counts.GetValueOrDefault(c) + 1;
        double entropy = 0;
        foreach (var count in counts.Values)
        {
            double p = (double)count / token.Length;
            entropy -= p * Math.Log2(p);
        }
        return entropy >= 4.0;
    }

    [GeneratedRegex(@"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----[\s\S]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----")]
    private static partial Regex PrivateKey();

    [GeneratedRegex(@"(?<![A-Za-z0-9_-])(?:sk-(?:proj-|live-|test-)?[A-Za-z0-9_-]{20,}|sk_(?:live|test)_[A-Za-z0-9]{16,}|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}|(?:AKIA|ASIA)[0-9A-Z]{16}|xox[abprs]-[A-Za-z0-9-]{10,}|AIza[0-9A-Za-z_-]{35}|glpat-[A-Za-z0-9_-]{20})(?![A-Za-z0-9_-])")]
    private static partial Regex KeyPrefix();

    [GeneratedRegex(@"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![A-Za-z0-9-])")]
    private static partial Regex Email();

    [GeneratedRegex(@"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}")]
    private static partial Regex Iban();

    [GeneratedRegex(@"(?<![\w-])\d(?:[ -]?\d){12,18}(?![\w-])")]
    private static partial Regex Card();

    [GeneratedRegex(@"(?<![\w-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\w-])")]
    private static partial Regex Ssn();

    [GeneratedRegex(@"(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?!\d|\.\d)")]
    private static partial Regex Ipv4();

    [GeneratedRegex(@"(?<![\w+.-])(?:(?:\+|00)\d{1,3}[ .-]?)?(?:\(\d{1,5}\)[ .-]?)?\d{2,8}(?:[ .-]\d{2,8}){0,4}(?![\w-]|\.\d)")]
    private static partial Regex Phone();

    [GeneratedRegex(@"^\d{4}[-.]\d{1,2}[-.]\d{1,2}$|^\d{1,2}[-.]\d{1,2}[-.]\d{2,4}$")]
    private static partial Regex DateLike();

    [GeneratedRegex(@"(?<![A-Za-z0-9+/_=-])[A-Za-z0-9+/_=-]{32,}(?![A-Za-z0-9+/_=-])")]
    private static partial Regex Token();
}
