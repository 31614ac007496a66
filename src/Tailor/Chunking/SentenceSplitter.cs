namespace Tailor.Chunking;

/// <summary>
/// Splits prose into sentences without allocating per sentence. A sentence ends at ".", "!", "?"
/// or an ellipsis (plus closing quotes or brackets) followed by whitespace, unless the next word
/// starts in lower case, the period ends a known abbreviation ("e.g.", "Dr."), an initial
/// ("J. Smith") or an abbreviation before a number ("No. 5", "Fig. 3"). Decimals ("3.14") and URLs never split
/// because no whitespace follows their periods. A blank line always ends a sentence.
/// </summary>
public static class SentenceSplitter
{
    // Abbreviations after which a period practically never ends a sentence (compared lower case, without the final period).
    private static readonly string[] Titles =
    [
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "ft", "vs", "v", "gen", "col", "lt", "sgt", "capt",
        "rev", "hon", "gov", "sen", "rep", "e.g", "i.e", "cf", "viz", "approx", "al", "ca", "resp", "incl", "u.s", "u.k", "ph.d",
    ];

    // Abbreviations that end a sentence unless a number follows ("No. 5", "Fig. 3", "Jan. 12").
    private static readonly string[] BeforeNumbers =
    [
        "no", "nos", "fig", "figs", "eq", "eqs", "vol", "vols", "pp", "p", "ch", "sec", "ref", "refs", "art", "tab",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    ];

    /// <summary>Appends the range of each sentence in <paramref name="text"/> (trimmed, never empty) to <paramref name="sentences"/>.</summary>
    public static void Split(ReadOnlySpan<char> text, List<Range> sentences)
    {
        int start = SkipSpace(text, 0);
        int i = start;
        while (i < text.Length)
        {
            char c = text[i];
            if (c == '\n' && IsBlankLineAt(text, i))
            {
                AddTrimmed(text, start, i, sentences);
                start = SkipSpace(text, i);
                i = start;
                continue;
            }
            if (c is not ('.' or '!' or '?' or '…'))
            {
                i++;
                continue;
            }
            int end = i + 1;
            while (end < text.Length && text[end] is '.' or '!' or '?' or '…') end++;
            while (end < text.Length && text[end] is '"' or '\'' or ')' or ']' or '»' or '”' or '’') end++;
            if (end < text.Length && !char.IsWhiteSpace(text[end]))
            {
                i = end;
                continue; // "3.14", "example.com", "a.b"
            }
            int next = SkipSpace(text, end);
            if (next >= text.Length)
            {
                break;
            }
            if (IsBoundary(text, start, i, end, next))
            {
                AddTrimmed(text, start, end, sentences);
                start = next;
            }
            i = next;
        }
        AddTrimmed(text, start, text.Length, sentences);
    }

    /// <summary>The sentences of <paramref name="text"/> as strings (convenience; allocates).</summary>
    public static List<string> Split(string text)
    {
        var ranges = new List<Range>();
        Split(text.AsSpan(), ranges);
        var result = new List<string>(ranges.Count);
        foreach (var range in ranges) result.Add(text[range]);
        return result;
    }

    private static bool IsBoundary(ReadOnlySpan<char> text, int sentenceStart, int terminator, int end, int next)
    {
        char following = text[next];
        if (char.IsLower(following)) return false; // "e.g. something", "... and then"
        if (text[terminator] != '.' || end - terminator > 1 && text[terminator + 1] == '.') return true; // ! ? and ellipses
        // the word ending in this period
        int wordStart = terminator;
        while (wordStart > sentenceStart && !char.IsWhiteSpace(text[wordStart - 1]) && text[wordStart - 1] is not ('(' or '"' or '[')) wordStart--;
        var word = text[wordStart..terminator];
        if (word.IsEmpty) return true;
        if (word.Length == 1 && char.IsUpper(word[0])) return false; // initials: "J. Smith"
        if (IsOneOf(word, Titles)) return false;                               // "Dr. Smith", "e.g. Paris"
        if (char.IsDigit(following) && IsOneOf(word, BeforeNumbers)) return false; // "No. 5", "Fig. 3"
        return true;
    }

    private static bool IsOneOf(ReadOnlySpan<char> word, string[] abbreviations)
    {
        if (word.Length > 6) return false;
        Span<char> lower = stackalloc char[word.Length];
        word.ToLowerInvariant(lower);
        foreach (var abbreviation in abbreviations)
        {
            if (lower.SequenceEqual(abbreviation)) return true;
        }
        return false;
    }

    private static bool IsBlankLineAt(ReadOnlySpan<char> text, int newline)
    {
        for (int j = newline + 1; j < text.Length; j++)
        {
            char c = text[j];
            if (c == '\n') return true;
            if (c != ' ' && c != '\t' && c != '\r') return false;
        }
        return false;
    }

    private static int SkipSpace(ReadOnlySpan<char> text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
        return i;
    }

    private static void AddTrimmed(ReadOnlySpan<char> text, int start, int end, List<Range> sentences)
    {
        while (end > start && char.IsWhiteSpace(text[end - 1])) end--;
        while (start < end && char.IsWhiteSpace(text[start])) start++;
        if (end > start) sentences.Add(new Range(start, end));
    }
}
