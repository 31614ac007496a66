using System.Buffers;
using System.Text;

namespace Tailor.Cleaning;

/// <summary>
/// Normalizes extracted text in one pass: Unicode normalization (NFC by default), line endings to
/// "\n", control characters removed (except "\n" and "\t" inside code), zero-width characters and
/// soft hyphens dropped, runs of spaces and tabs collapsed, lines trimmed, at most one blank line
/// in a row, and the whole trimmed. Code keeps its indentation when asked.
/// </summary>
public sealed class TextCleaner
{
    /// <summary>A cleaner with the default options (NFC).</summary>
    public static readonly TextCleaner Default = new(new TextCleaningOptions());

    private static readonly SearchValues<char> PlainAscii = SearchValues.Create(
        "!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    private static readonly SearchValues<char> PlainAsciiOrSpace = SearchValues.Create(
        " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    private readonly NormalizationForm _form;

    public TextCleaner(TextCleaningOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _form = options.Normalization;
    }

    public TextCleaningOptions Options { get; }

    /// <summary>Cleans prose: whitespace runs become one space, lines are trimmed.</summary>
    public string Clean(string text) => Clean(text.AsSpan(), preserveIndentation: false);

    /// <summary>
    /// Cleans <paramref name="text"/>. With <paramref name="preserveIndentation"/> (code blocks)
    /// spaces and tabs inside lines (indentation, alignment) are kept verbatim; only trailing
    /// whitespace, blank lines at the ends and runs of more than two blank lines go.
    /// </summary>
    public string Clean(ReadOnlySpan<char> text, bool preserveIndentation)
    {
        if (text.IsEmpty) return "";
        char[] buffer = ArrayPool<char>.Shared.Rent(text.Length);
        try
        {
            int length = CleanInto(text, buffer, preserveIndentation);
            if (length == 0) return "";
            var span = buffer.AsSpan(0, length);
            if (IsAsciiOrNormalized(span)) return new string(span);
            string normalized = UnicodeNormalizer.Normalize(new string(span), _form == NormalizationForm.FormKC);
            // NFKC can turn some characters into spaces or controls; a second pass settles them.
            return _form == NormalizationForm.FormKC ? CleanSimple(normalized, preserveIndentation) : normalized;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static string CleanSimple(string text, bool preserveIndentation)
    {
        char[] buffer = ArrayPool<char>.Shared.Rent(text.Length);
        try
        {
            int length = CleanInto(text, buffer, preserveIndentation);
            return new string(buffer, 0, length);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private bool IsAsciiOrNormalized(ReadOnlySpan<char> span)
    {
        if (Ascii.IsValid(span)) return true;
        return UnicodeNormalizer.IsQuickNormalized(span, _form == NormalizationForm.FormKC);
    }

    /// <summary>The single pass; writes at most <c>text.Length</c> chars into <paramref name="output"/>.</summary>
    private static int CleanInto(ReadOnlySpan<char> text, Span<char> output, bool preserveIndentation)
    {
        int w = 0;
        int newlines = 0;          // pending newlines not yet written (collapsed to at most 2)
        bool pendingSpace = false; // a space run seen since the last written char on this line
        bool atLineStart = true;   // nothing written yet on the current line
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c > ' ' && c < 0x7F)
            {
                // fast path: a run of printable ASCII is copied as is after any pending separator
                int run = text[i..].IndexOfAnyExcept(PlainAsciiOrSpace);
                if (run < 0) run = text.Length - i;
                run = text.Slice(i, run).TrimEnd(' ').Length;
                if (!preserveIndentation && text.Slice(i, run).IndexOf("  ") >= 0)
                {
                    run = text[i..].IndexOfAnyExcept(PlainAscii);
                    if (run < 0) run = text.Length - i;
                }
                Emit(output, ref w, ref newlines, ref pendingSpace, ref atLineStart, c, preserveIndentation);
                text.Slice(i + 1, run - 1).CopyTo(output[w..]);
                w += run - 1;
                i += run - 1;
                continue;
            }
            if (c == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n') i++;
                c = '\n';
            }
            if (c == '\n' || c == '\u2028' || c == '\u2029' || c == '\f' || c == '\v' || c == '\u0085')
            {
                if (w > 0) newlines++;
                pendingSpace = false;
                atLineStart = true;
                continue;
            }
            if (c == ' ' || c == '\t' || (c > 127 && char.IsWhiteSpace(c)))
            {
                if (preserveIndentation)
                {
                    // code: keep indentation and inner alignment verbatim, drop trailing whitespace
                    int start = i;
                    while (i + 1 < text.Length && IsInlineSpace(text[i + 1])) i++;
                    int j = i + 1;
                    if (j >= text.Length || IsLineBreak(text[j])) continue;
                    FlushNewlines(output, ref w, ref newlines, preserveIndentation);
                    for (int k = start; k <= i; k++) output[w++] = text[k] == '\t' ? '\t' : ' ';
                    atLineStart = false;
                    continue;
                }
                pendingSpace = true;
                continue;
            }
            if (IsDropped(c)) continue;
            if (char.IsSurrogate(c))
            {
                // keep well-formed pairs, drop lone surrogates
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    Emit(output, ref w, ref newlines, ref pendingSpace, ref atLineStart, c, preserveIndentation);
                    output[w++] = text[++i];
                }
                continue;
            }
            Emit(output, ref w, ref newlines, ref pendingSpace, ref atLineStart, c, preserveIndentation);
        }
        return w;
    }

    private static void Emit(Span<char> output, ref int w, ref int newlines, ref bool pendingSpace, ref bool atLineStart, char c, bool preserveIndentation)
    {
        if (newlines > 0)
        {
            FlushNewlines(output, ref w, ref newlines, preserveIndentation);
        }
        else if (pendingSpace && !atLineStart)
        {
            output[w++] = ' ';
        }
        pendingSpace = false;
        atLineStart = false;
        output[w++] = c;
    }

    private static void FlushNewlines(Span<char> output, ref int w, ref int newlines, bool preserveIndentation)
    {
        if (newlines == 0) return;
        // code keeps its blank lines (up to two in a row); prose keeps at most one blank line
        int keep = Math.Min(newlines, preserveIndentation ? 3 : 2);
        for (int k = 0; k < keep; k++) output[w++] = '\n';
        newlines = 0;
    }

    private static bool IsInlineSpace(char c) => c == ' ' || c == '\t' || (c > 127 && char.IsWhiteSpace(c) && !IsLineBreak(c));

    private static bool IsLineBreak(char c) => c is '\n' or '\r' or '\u2028' or '\u2029' or '\f' or '\v' or '\u0085';

    /// <summary>Control characters (other than line breaks and tabs), zero-width characters and soft hyphens.</summary>
    private static bool IsDropped(char c)
    {
        if (c < 0x20) return true; // \t, \n, \r handled before
        if (c < 0x7F) return false;
        if (c <= 0x9F) return true; // DEL and C1 controls
        return c is '\u00AD' or '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' or '\u180E' or '\u200E' or '\u200F';
    }
}
