namespace Tailor.Answering;

/// <summary>
/// The code a sentence introduces: when a quoted sentence ends its paragraph with ':' or with a word
/// that leads into a command ("… delete the branch with", "run the following command:"), and the
/// lines right after it are code (lines <see cref="QuoteSplitter"/> does not quote: code blocks, HTML
/// <c>&lt;pre&gt;</c>, command and configuration lines), those lines belong to the answer: a how-to
/// answer that stops before the command is no answer. The code is an exact substring of the chunk
/// text, so it is cited to the same place as the sentence.
/// </summary>
internal static class IntroducedCode
{
    /// <summary>At most this many lines of code are quoted after a sentence.</summary>
    public const int MaxLines = 12;

    /// <summary>Lines are added while the code stays within this many characters (a first line longer than this is taken whole).</summary>
    public const int MaxChars = 800;

    private static readonly string[] LeadWords =
        ["with", "run", "running", "using", "use", "type", "typing", "enter", "execute", "invoke", "command", "commands", "following", "this", "example"];

    /// <summary>
    /// Where in <paramref name="text"/> the code that <paramref name="unit"/> introduces lies (first to last
    /// code line, trimmed), or null. <paramref name="units"/> are all quotable units of the text (what
    /// <see cref="QuoteSplitter.Split"/> returned).
    /// </summary>
    public static Range? After(string text, TextUnit unit, IReadOnlyList<TextUnit> units)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(units);
        if (unit.Kind == TextUnitKind.TableRow || !Introduces(text.AsSpan(unit.Start, unit.Length))) return null;
        // the sentence must end its line: what follows on the same line would be the rest of the paragraph
        int pos = unit.End;
        while (pos < text.Length && text[pos] != '\n')
        {
            if (!char.IsWhiteSpace(text[pos])) return null;
            pos++;
        }
        int start = -1, end = -1, lines = 0;
        int next = NextUnitStart(units, unit.End);
        while (pos < text.Length && lines < MaxLines)
        {
            int lineStart = pos + 1;
            if (lineStart >= text.Length) break;
            int lineEnd = text.IndexOf('\n', lineStart);
            if (lineEnd < 0) lineEnd = text.Length;
            var line = text.AsSpan(lineStart, lineEnd - lineStart).Trim();
            pos = lineEnd;
            if (line.IsEmpty)
            {
                if (start >= 0 && !NextParagraphIsCode(text, lineEnd, next)) break;
                continue;
            }
            // a line the splitter quotes is prose, not code
            int first = lineStart;
            while (first < lineEnd && char.IsWhiteSpace(text[first])) first++;
            if (first >= next) break;
            if (!IsCode(line)) break;
            if (start >= 0 && lineEnd - start > MaxChars) break;
            if (start < 0) start = lineStart;
            end = lineEnd;
            lines++;
        }
        if (start < 0) return null;
        while (start < end && char.IsWhiteSpace(text[start])) start++;
        while (end > start && char.IsWhiteSpace(text[end - 1])) end--;
        return end > start ? start..end : null;
    }

    /// <summary>True when <paramref name="sentence"/> leads into what follows: it ends with ':' or with a lead word ("with", "run").</summary>
    public static bool Introduces(ReadOnlySpan<char> sentence)
    {
        sentence = sentence.TrimEnd();
        if (sentence.IsEmpty) return false;
        if (sentence[^1] == ':') return true;
        int wordEnd = sentence.Length;
        int wordStart = wordEnd;
        while (wordStart > 0 && char.IsLetter(sentence[wordStart - 1])) wordStart--;
        if (wordStart == wordEnd) return false;
        var last = sentence[wordStart..wordEnd];
        foreach (var lead in LeadWords) if (last.Equals(lead, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    /// <summary>Appends <paramref name="code"/> to an answer's text as a fenced block on lines of its own.</summary>
    public static void AppendBlock(System.Text.StringBuilder answer, string code)
    {
        ArgumentNullException.ThrowIfNull(answer);
        answer.Append("\n\n```\n").Append(code).Append("\n```");
    }

    // a short capitalized line without punctuation is a heading; a line ending like a sentence is prose
    private static bool IsCode(ReadOnlySpan<char> line) =>
        QuoteSplitter.IsCodeLike(line) || QuoteSplitter.IsCommandLike(line) || !(QuoteSplitter.IsHeadingLike(line) || EndsProse(line));

    /// <summary>A line ending like a sentence, with at least a few words: prose the splitter did not quote (a question, say).</summary>
    private static bool EndsProse(ReadOnlySpan<char> line) => line[^1] is '.' or '!' or '?' && QuoteSplitter.WordCount(line) >= 4;

    /// <summary>A code block with blank lines in it continues when the paragraph after the blank is code too.</summary>
    private static bool NextParagraphIsCode(string text, int from, int nextUnit)
    {
        int pos = from;
        while (pos < text.Length && char.IsWhiteSpace(text[pos])) pos++;
        if (pos >= text.Length || pos >= nextUnit) return false;
        int lineEnd = text.IndexOf('\n', pos);
        if (lineEnd < 0) lineEnd = text.Length;
        var line = text.AsSpan(pos, lineEnd - pos).Trim();
        return QuoteSplitter.IsCodeLike(line);
    }

    private static int NextUnitStart(IReadOnlyList<TextUnit> units, int after)
    {
        int next = int.MaxValue;
        foreach (var u in units) if (u.Start >= after && u.Start < next) next = u.Start;
        return next;
    }
}
