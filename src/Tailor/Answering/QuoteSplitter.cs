namespace Tailor.Answering;

/// <summary>
/// Cuts a chunk's text into quotable units: sentences of prose, list items (kept whole unless
/// long), and table rows (each tied to its table's header row, the first row of the table).
/// Headings-only lines, fenced code and code-like lines are skipped. Sentence ends are '.', '!'
/// and '?' followed by space and a word that does not start in lowercase; abbreviations
/// ("e.g.", "Dr.", initials, "No. 5") and decimals ("2.5") do not end a sentence. Units are spans
/// of the input, so a quote is always an exact substring of the chunk text.
/// </summary>
internal static class QuoteSplitter
{
    private const int MaxListItemWords = 50;
    private const int MaxHeadingWords = 8;

    /// <summary>In hard-wrapped text, a line shorter than this that does not end a sentence is a unit of its own (a list item).</summary>
    private const int ShortLine = 60;

    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "vs", "approx", "incl", "excl", "dept",
        "est", "corp", "inc", "ltd", "co", "cf", "ca", "resp", "misc", "govt", "univ", "ave", "blvd",
        "capt", "gen", "lt", "col", "sgt", "rev", "hon", "al", "eq", "ref", "viz", "op", "cit", "ibid",
    };

    /// <summary>Abbreviations that are only taken as such before a number ("No. 5", "Jan. 12").</summary>
    private static readonly HashSet<string> AbbreviationsBeforeNumber = new(StringComparer.OrdinalIgnoreCase)
    {
        "no", "nos", "nr", "vol", "p", "pp", "fig", "figs", "art", "sec", "ch", "chap", "para", "min", "max",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "ver", "v",
    };

    /// <summary>Returns the quotable units of <paramref name="text"/> in reading order.</summary>
    public static List<TextUnit> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var units = new List<TextUnit>();
        var para = new Paragraph();
        bool inFence = false, inTable = false, previousEndsSentence = false;
        bool hardWrapped = IsHardWrapped(text);
        bool blockStart = true; // the previous line was blank, a fence, a table row, or there was none
        int previousLength = 0;
        int headerStart = -1, headerLength = 0;
        int pos = 0;
        while (true)
        {
            int lineEnd = text.IndexOf('\n', pos);
            if (lineEnd < 0) lineEnd = text.Length;
            int s = pos, e = lineEnd;
            while (s < e && char.IsWhiteSpace(text[s])) s++;
            while (e > s && char.IsWhiteSpace(text[e - 1])) e--;
            var line = text.AsSpan(s, e - s);

            if (inFence)
            {
                if (IsFence(line)) inFence = false;
            }
            else if (IsFence(line))
            {
                Flush(text, ref para, units);
                inFence = true;
                inTable = false;
            }
            else if (line.IsEmpty)
            {
                Flush(text, ref para, units);
                inTable = false;
            }
            else if (IsTableRow(line))
            {
                Flush(text, ref para, units);
                if (!IsTableSeparator(line))
                {
                    if (!inTable)
                    {
                        inTable = true;
                        headerStart = s;
                        headerLength = e - s;
                    }
                    else
                    {
                        units.Add(new TextUnit(s, e - s, TextUnitKind.TableRow, headerStart, headerLength));
                    }
                }
            }
            else
            {
                inTable = false;
                // a line break ends the unit unless the text is hard-wrapped prose and this line
                // continues the previous one (which is long and did not end a sentence)
                bool lineBreakEnds = !hardWrapped || (!previousEndsSentence && char.IsUpper(text[s]) && previousLength < ShortLine);
                if (lineBreakEnds) Flush(text, ref para, units);
                AddLine(text, s, e, previousEndsSentence || lineBreakEnds, blockStart, ref para, units);
            }

            previousEndsSentence = e > s && EndsSentence(text[e - 1]);
            previousLength = e - s;
            blockStart = inFence || inTable || e == s || IsFence(line) || IsMarkdownHeading(line);
            if (lineEnd >= text.Length) break;
            pos = lineEnd + 1;
        }
        Flush(text, ref para, units);
        return units;
    }

    private static void AddLine(string text, int s, int e, bool previousEndsSentence, bool blockStart, ref Paragraph para, List<TextUnit> units)
    {
        var line = text.AsSpan(s, e - s);
        int marker = ListMarkerLength(line);
        if (marker > 0)
        {
            Flush(text, ref para, units);
            if (s + marker < e) para = new Paragraph(s + marker, e, TextUnitKind.ListItem, blockStart);
            return;
        }
        bool continuing = para.IsActive && !previousEndsSentence;
        if (IsMarkdownHeading(line) || (!continuing && (IsCodeLike(line) || IsCommandLike(line))))
        {
            Flush(text, ref para, units);
            return;
        }
        if (para.IsActive)
        {
            // a short unpunctuated line followed by a capitalized one is a heading, not a wrapped sentence
            bool headingBefore = para.Kind == TextUnitKind.Sentence && para.Lines == 1 && para.FirstInBlock && char.IsUpper(line[0])
                && IsHeadingLike(text.AsSpan(para.Start, para.End - para.Start));
            bool newBlock = previousEndsSentence && (IsHeadingLike(line) || (para.Kind == TextUnitKind.ListItem && char.IsUpper(line[0])));
            if (headingBefore)
            {
                para = new Paragraph(s, e, TextUnitKind.Sentence, false); // drop the heading line
                return;
            }
            if (!newBlock)
            {
                para.End = e;
                para.Lines++;
                return;
            }
            Flush(text, ref para, units);
        }
        para = new Paragraph(s, e, TextUnitKind.Sentence, blockStart);
    }

    private static void Flush(string text, ref Paragraph para, List<TextUnit> units)
    {
        if (!para.IsActive) return;
        var span = text.AsSpan(para.Start, para.End - para.Start);
        if (para.Kind == TextUnitKind.Sentence && para.Lines == 1 && para.FirstInBlock && IsHeadingLike(span))
        {
            // a heading: a short line opening a block, nothing to quote (a short line inside a block is a list item)
        }
        else if (para.Kind == TextUnitKind.ListItem && WordCount(span) <= MaxListItemWords)
        {
            units.Add(new TextUnit(para.Start, para.End - para.Start, TextUnitKind.ListItem));
        }
        else
        {
            SplitSentences(text, para.Start, para.End, para.Kind, units);
        }
        para = default;
    }

    /// <summary>Splits the prose in [start, end) at sentence ends.</summary>
    internal static void SplitSentences(string text, int start, int end, TextUnitKind kind, List<TextUnit> units)
    {
        int segStart = start;
        for (int i = start; i < end; i++)
        {
            char c = text[i];
            if (c != '.' && c != '!' && c != '?') continue;
            int j = i + 1;
            while (j < end && text[j] is '.' or '!' or '?') j++;
            while (j < end && IsCloser(text[j])) j++;
            if (j >= end) break;
            if (!char.IsWhiteSpace(text[j]))
            {
                i = j - 1;
                continue;
            }
            int k = j;
            while (k < end && char.IsWhiteSpace(text[k])) k++;
            if (k >= end) break;
            char next = text[k];
            if (char.IsLower(next)) continue;
            if (c == '.' && j == i + 1 && IsAbbreviation(text, segStart, i, next)) continue;
            AddTrimmed(text, segStart, j, kind, units);
            segStart = k;
            i = k - 1;
        }
        AddTrimmed(text, segStart, end, kind, units);
    }

    private static void AddTrimmed(string text, int start, int end, TextUnitKind kind, List<TextUnit> units)
    {
        while (start < end && char.IsWhiteSpace(text[start])) start++;
        while (end > start && char.IsWhiteSpace(text[end - 1])) end--;
        if (end > start) units.Add(new TextUnit(start, end - start, kind));
    }

    /// <summary>True when the '.' at <paramref name="dot"/> ends an abbreviation rather than a sentence.</summary>
    private static bool IsAbbreviation(string text, int segStart, int dot, char next)
    {
        int w = dot;
        while (w > segStart && !char.IsWhiteSpace(text[w - 1]) && text[w - 1] is not ('(' or '[' or '"' or '“')) w--;
        var word = text.AsSpan(w, dot - w);
        if (word.IsEmpty) return false;
        if (word.Length == 1) return char.IsLetter(word[0]); // an initial: "J. Smith", "p. 4"
        if (word.Contains('.'))
        {
            // "e.g", "i.e", "U.S", "a.m": dot-separated pieces of one or two letters
            foreach (var range in word.Split('.'))
            {
                var piece = word[range];
                if (piece.Length is 0 or > 2) return false;
                foreach (char ch in piece) if (!char.IsLetter(ch)) return false;
            }
            return true;
        }
        var lookup = Abbreviations.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.Contains(word)) return true;
        return char.IsDigit(next) && AbbreviationsBeforeNumber.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word);
    }

    /// <summary>
    /// True when some line stops mid-sentence and the next one goes on in lowercase: the text keeps
    /// its source's soft line breaks (Markdown, plain text). Otherwise every line is a block of its own.
    /// </summary>
    private static bool IsHardWrapped(string text)
    {
        int lineStart = 0;
        while (lineStart < text.Length)
        {
            int lineEnd = text.IndexOf('\n', lineStart);
            if (lineEnd < 0) return false;
            int e = lineEnd;
            while (e > lineStart && char.IsWhiteSpace(text[e - 1])) e--;
            int next = lineEnd + 1;
            while (next < text.Length && text[next] is ' ' or '\t') next++;
            if (e > lineStart && !EndsSentence(text[e - 1]) && next < text.Length && char.IsLower(text[next])) return true;
            lineStart = lineEnd + 1;
        }
        return false;
    }

    private static bool IsCloser(char c) => c is ')' or ']' or '"' or '\'' or '”' or '’' or '»';

    private static bool EndsSentence(char c) => c is '.' or '!' or '?' or ':' or ';' || IsCloser(c);

    private static bool IsFence(ReadOnlySpan<char> line) => line.StartsWith("```") || line.StartsWith("~~~");

    private static bool IsTableRow(ReadOnlySpan<char> line) =>
        line.Contains(" | ", StringComparison.Ordinal) || (line.Length > 1 && line[0] == '|');

    private static bool IsTableSeparator(ReadOnlySpan<char> line)
    {
        bool dash = false;
        foreach (char c in line)
        {
            if (c == '-') dash = true;
            else if (c is not ('|' or ':' or ' ' or '+')) return false;
        }
        return dash;
    }

    private static bool IsMarkdownHeading(ReadOnlySpan<char> line)
    {
        int n = 0;
        while (n < line.Length && line[n] == '#') n++;
        return n is >= 1 and <= 6 && (n == line.Length || line[n] == ' ');
    }

    /// <summary>Length of a list marker plus its following spaces ("- ", "* ", "• ", "3. ", "b) "), or 0.</summary>
    private static int ListMarkerLength(ReadOnlySpan<char> line)
    {
        int n;
        if (line[0] is '-' or '*' or '+' or '•' or '–' or '◦') n = 1;
        else
        {
            n = 0;
            while (n < line.Length && n < 3 && char.IsAsciiDigit(line[n])) n++;
            if (n == 0 || n >= line.Length || line[n] is not ('.' or ')')) return 0;
            n++;
        }
        if (n == line.Length) return n;
        if (line[n] != ' ' && line[n] != '\t') return 0;
        while (n < line.Length && line[n] is ' ' or '\t') n++;
        return n;
    }

    /// <summary>A short line without closing punctuation: a heading rather than a sentence.</summary>
    internal static bool IsHeadingLike(ReadOnlySpan<char> line)
    {
        if (line.IsEmpty) return false;
        if (line[^1] is '.' or '!' or '?' or ':' or ';' or ',' || IsCloser(line[^1])) return false;
        if (!char.IsUpper(line[0]) && !char.IsDigit(line[0])) return false;
        return WordCount(line) <= MaxHeadingWords;
    }

    /// <summary>Commands, configuration and JSON lines: too many symbols and no sentence end.</summary>
    internal static bool IsCodeLike(ReadOnlySpan<char> line)
    {
        if (line.StartsWith("$ ") || line.StartsWith("#!") || line.StartsWith("//")) return true;
        char last = line[^1];
        bool terminal = last is '.' or '!' or '?' or ':';
        if (terminal) return false;
        if (line[0] is '{' or '}' or '[' or ']' or '<' || last is '{' or '[') return true;
        if (line[0] == '"' && line.Contains("\":", StringComparison.Ordinal)) return true;
        if (line.Contains(" --", StringComparison.Ordinal)) return true;
        int symbols = 0, nonSpace = 0;
        foreach (char c in line)
        {
            if (char.IsWhiteSpace(c)) continue;
            nonSpace++;
            if (c is '{' or '}' or '[' or ']' or '(' or ')' or '<' or '>' or '=' or ';' or '$' or '\\' or '|' or '`' or '~' or '^' or '&' or '*' or '#' or '@' or '/' or '_')
                symbols++;
        }
        return symbols * 10 > nonSpace;
    }

    /// <summary>A short line starting in lowercase with no sentence end ("lark-vpn login", "port = 8780").</summary>
    internal static bool IsCommandLike(ReadOnlySpan<char> line)
    {
        if (line[^1] is '.' or '!' or '?' or ':') return false;
        if (line.Contains(" = ", StringComparison.Ordinal)) return true;
        return !char.IsUpper(line[0]) && WordCount(line) <= 6;
    }

    internal static int WordCount(ReadOnlySpan<char> text)
    {
        int count = 0;
        bool inWord = false;
        foreach (char c in text)
        {
            bool space = char.IsWhiteSpace(c);
            if (!space && !inWord) count++;
            inWord = !space;
        }
        return count;
    }

    private struct Paragraph(int start, int end, TextUnitKind kind, bool firstInBlock)
    {
        public int Start = start;
        public int End = end;
        public TextUnitKind Kind = kind;
        public int Lines = 1;
        public bool FirstInBlock = firstInBlock;

        public readonly bool IsActive => End > Start;
    }
}
