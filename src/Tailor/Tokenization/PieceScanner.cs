using System.Runtime.CompilerServices;

namespace Tailor.Tokenization;

/// <summary>
/// Hand-written equivalents of the cl100k_base and o200k_base pre-tokenization regexes over
/// valid UTF-8: given where a piece starts, returns where it ends, exactly as the regex's
/// leftmost-first match (with its backtracking) would. Verified against the regex in tests.
/// </summary>
internal static class PieceScanner
{
    private const byte LetterOrNumber = CharClass.Letter | CharClass.Number;

    /// <summary>End of the cl100k_base piece that starts at <paramref name="i"/>.</summary>
    public static int NextCl100k(ReadOnlySpan<byte> s, int i)
    {
        byte c0 = CharClass.At(s, i, out int n0);
        byte b0 = s[i];
        // (?i:'s|'t|'re|'ve|'m|'ll|'d)
        if (b0 == (byte)'\'')
        {
            int c = Contraction(s, i);
            if (c > 0) return i + c;
        }
        // [^\r\n\p{L}\p{N}]?\p{L}+
        if ((c0 & CharClass.Letter) != 0) return RunOf(s, i + n0, CharClass.Letter);
        int next = i + n0;
        if ((c0 & (CharClass.Newline | LetterOrNumber)) == 0 && next < s.Length && (CharClass.At(s, next, out int n1) & CharClass.Letter) != 0)
            return RunOf(s, next + n1, CharClass.Letter);
        // \p{N}{1,3}
        if ((c0 & CharClass.Number) != 0) return Digits(s, i + n0);
        //  ?[^\s\p{L}\p{N}]+[\r\n]*
        int p = b0 == (byte)' ' ? next : i;
        if (p < s.Length && (CharClass.At(s, p, out _) & (CharClass.Space | LetterOrNumber)) == 0)
        {
            int end = RunOfNot(s, p, CharClass.Space | LetterOrNumber);
            while (end < s.Length && (s[end] == (byte)'\r' || s[end] == (byte)'\n')) end++;
            return end;
        }
        return Whitespace(s, i);
    }

    /// <summary>End of the o200k_base piece that starts at <paramref name="i"/>.</summary>
    public static int NextO200k(ReadOnlySpan<byte> s, int i)
    {
        byte c0 = CharClass.At(s, i, out int n0);
        int next = i + n0;
        bool prefix = (c0 & (CharClass.Newline | LetterOrNumber)) == 0 && next < s.Length;
        // [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|...)?
        int end;
        if ((prefix && (end = UpperThenLower(s, next)) > 0) || (end = UpperThenLower(s, i)) > 0)
            return end + Contraction(s, end);
        // [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|...)?
        if ((prefix && (end = UpperRunThenLowers(s, next)) > 0) || (end = UpperRunThenLowers(s, i)) > 0)
            return end + Contraction(s, end);
        // \p{N}{1,3}
        if ((c0 & CharClass.Number) != 0) return Digits(s, next);
        //  ?[^\s\p{L}\p{N}]+[\r\n/]*
        int p = s[i] == (byte)' ' ? next : i;
        if (p < s.Length && (CharClass.At(s, p, out _) & (CharClass.Space | LetterOrNumber)) == 0)
        {
            end = RunOfNot(s, p, CharClass.Space | LetterOrNumber);
            while (end < s.Length && (s[end] == (byte)'\r' || s[end] == (byte)'\n' || s[end] == (byte)'/')) end++;
            return end;
        }
        return Whitespace(s, i);
    }

    // U* L+ with the regex's backtracking: greedy U*, then L+; if L+ finds nothing, U* gives
    // back code points until one of them can start L+. Returns the end, or 0 for no match.
    private static int UpperThenLower(ReadOnlySpan<byte> s, int p)
    {
        int u = p, lastLowerEnd = 0;
        while (u < s.Length)
        {
            byte c = CharClass.At(s, u, out int n);
            if ((c & CharClass.Upper) == 0) break;
            u += n;
            if ((c & CharClass.Lower) != 0) lastLowerEnd = u;
        }
        if (u < s.Length && (CharClass.At(s, u, out int n1) & CharClass.Lower) != 0)
            return RunOf(s, u + n1, CharClass.Lower);
        return lastLowerEnd;
    }

    // U+ L*: returns the end, or 0 when no U code point starts at p.
    private static int UpperRunThenLowers(ReadOnlySpan<byte> s, int p)
    {
        if (p >= s.Length || (CharClass.At(s, p, out int n) & CharClass.Upper) == 0) return 0;
        int u = RunOf(s, p + n, CharClass.Upper);
        return RunOf(s, u, CharClass.Lower);
    }

    // \s*[\r\n]+  |  \s+(?!\S)  |  \s+   (the code point at i is white space)
    private static int Whitespace(ReadOnlySpan<byte> s, int i)
    {
        int j = i, lastStart = i, lastNewlineEnd = -1;
        while (j < s.Length)
        {
            byte c = CharClass.At(s, j, out int n);
            if ((c & CharClass.Space) == 0) break;
            if ((c & CharClass.Newline) != 0) lastNewlineEnd = j + n;
            lastStart = j;
            j += n;
        }
        if (lastNewlineEnd > 0) return lastNewlineEnd;
        if (j == s.Length || lastStart == i) return j;
        return lastStart;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int RunOf(ReadOnlySpan<byte> s, int j, byte flags)
    {
        while (j < s.Length)
        {
            byte b = s[j];
            if (b < 0x80)
            {
                if ((CharClass.At(s, j, out _) & flags) == 0) return j;
                j++;
                continue;
            }
            if ((CharClass.At(s, j, out int n) & flags) == 0) return j;
            j += n;
        }
        return j;
    }

    private static int RunOfNot(ReadOnlySpan<byte> s, int j, byte flags)
    {
        while (j < s.Length)
        {
            if ((CharClass.At(s, j, out int n) & flags) != 0) return j;
            j += n;
        }
        return j;
    }

    private static int Digits(ReadOnlySpan<byte> s, int j)
    {
        for (int k = 1; k < 3 && j < s.Length; k++)
        {
            if ((CharClass.At(s, j, out int n) & CharClass.Number) == 0) break;
            j += n;
        }
        return j;
    }

    // Length in bytes of (?i:'s|'t|'re|'ve|'m|'ll|'d) at i, or 0. Case-insensitive the way
    // Unicode simple case folding is: 's' also matches U+017F LATIN SMALL LETTER LONG S.
    private static int Contraction(ReadOnlySpan<byte> s, int i)
    {
        if (i + 1 >= s.Length || s[i] != (byte)'\'') return 0;
        int a = s[i + 1] | 0x20;
        if (a == 's' || a == 't' || a == 'm' || a == 'd') return 2;
        if (s[i + 1] == 0xC5 && i + 2 < s.Length && s[i + 2] == 0xBF) return 3; // 'ſ
        if (i + 2 >= s.Length) return 0;
        int b = s[i + 2] | 0x20;
        if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l')) return 3;
        return 0;
    }
}
