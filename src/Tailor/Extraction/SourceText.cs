using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace Tailor.Extraction;

/// <summary>
/// The byte-level checks every extractor runs before it parses: binary detection, byte order
/// marks (UTF-8, UTF-16, UTF-32) and strict UTF-8 decoding that names the offending byte offset.
/// </summary>
public static class SourceText
{
    /// <summary>How many leading bytes the binary check looks at.</summary>
    public const int SniffLength = 8192;

    /// <summary>The problem reported for a file that holds nothing but whitespace.</summary>
    public const string EmptyFileProblem = "empty file";

    /// <summary>The problem reported for a file whose markup holds no text (only scripts, comments, tags).</summary>
    public const string NoTextProblem = "no text found: empty once markup, scripts and navigation are removed";

    /// <summary>
    /// Decodes <paramref name="content"/> to text, throwing <see cref="TailorException"/> naming
    /// <paramref name="sourceName"/> when it is binary or not valid UTF-8.
    /// </summary>
    public static string Decode(ReadOnlySpan<byte> content, string sourceName)
    {
        if (TryDecode(content, sourceName, out var text, out var error)) return text;
        throw new TailorException(error);
    }

    /// <summary>Decodes like <see cref="Decode"/> but returns the error message instead of throwing.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> content, string sourceName, out string text, out string error)
    {
        text = "";
        error = "";
        if (content.Length >= 4 && content[0] == 0xFF && content[1] == 0xFE && content[2] == 0 && content[3] == 0)
            return TryDecodeWith(new UTF32Encoding(bigEndian: false, byteOrderMark: true, throwOnInvalidCharacters: true), content[4..], 4, sourceName, "UTF-32", out text, out error);
        if (content.Length >= 4 && content[0] == 0 && content[1] == 0 && content[2] == 0xFE && content[3] == 0xFF)
            return TryDecodeWith(new UTF32Encoding(bigEndian: true, byteOrderMark: true, throwOnInvalidCharacters: true), content[4..], 4, sourceName, "UTF-32", out text, out error);
        if (content.Length >= 2 && content[0] == 0xFF && content[1] == 0xFE)
            return TryDecodeWith(new UnicodeEncoding(bigEndian: false, byteOrderMark: true, throwOnInvalidBytes: true), content[2..], 2, sourceName, "UTF-16", out text, out error);
        if (content.Length >= 2 && content[0] == 0xFE && content[1] == 0xFF)
            return TryDecodeWith(new UnicodeEncoding(bigEndian: true, byteOrderMark: true, throwOnInvalidBytes: true), content[2..], 2, sourceName, "UTF-16", out text, out error);

        int bomLength = content.Length >= 3 && content[0] == 0xEF && content[1] == 0xBB && content[2] == 0xBF ? 3 : 0;
        var bytes = content[bomLength..];
        if (LooksBinary(bytes))
        {
            error = $"{sourceName}: looks like a binary file, not text; exclude it with --exclude or convert it to text";
            return false;
        }
        return TryDecodeUtf8(bytes, bomLength, sourceName, out text, out error);
    }

    /// <summary>
    /// Returns <paramref name="content"/> as UTF-8 bytes without a byte order mark, for parsers that
    /// read UTF-8 directly (JSONL): UTF-8 is checked in place, UTF-16/32 files are transcoded.
    /// Throws <see cref="TailorException"/> like <see cref="Decode"/>.
    /// </summary>
    public static ReadOnlyMemory<byte> RequireUtf8(ReadOnlyMemory<byte> content, string sourceName)
    {
        var span = content.Span;
        bool wide = span.Length >= 2 && ((span[0] == 0xFF && span[1] == 0xFE) || (span[0] == 0xFE && span[1] == 0xFF))
            || span.Length >= 4 && span[0] == 0 && span[1] == 0 && span[2] == 0xFE && span[3] == 0xFF;
        if (wide) return Encoding.UTF8.GetBytes(Decode(span, sourceName));
        int bomLength = span.Length >= 3 && span[0] == 0xEF && span[1] == 0xBB && span[2] == 0xBF ? 3 : 0;
        var bytes = content[bomLength..];
        if (LooksBinary(bytes.Span))
            throw new TailorException($"{sourceName}: looks like a binary file, not text; exclude it with --exclude or convert it to text");
        if (!Utf8.IsValid(bytes.Span)) Decode(span, sourceName); // throws, naming the offset
        return bytes;
    }

    /// <summary>
    /// True when the first <see cref="SniffLength"/> bytes hold a NUL byte or more than 10% control
    /// bytes other than tab, line feed, carriage return, form feed and escape.
    /// </summary>
    public static bool LooksBinary(ReadOnlySpan<byte> content)
    {
        var head = content.Length > SniffLength ? content[..SniffLength] : content;
        if (head.IndexOf((byte)0) >= 0) return true;
        int control = 0;
        foreach (byte b in head)
        {
            if (b < 0x20 && b != (byte)'\t' && b != (byte)'\n' && b != (byte)'\r' && b != 0x0C && b != 0x1B && b != 0x0B) control++;
            else if (b == 0x7F) control++;
        }
        return control * 10 > head.Length;
    }

    /// <summary>True when <paramref name="text"/> holds nothing but whitespace.</summary>
    public static bool IsBlank(ReadOnlySpan<char> text) => text.IsWhiteSpace();

    private static bool TryDecodeUtf8(ReadOnlySpan<byte> bytes, int offsetBase, string sourceName, out string text, out string error)
    {
        text = "";
        error = "";
        if (bytes.IsEmpty) return true;
        char[] buffer = ArrayPool<char>.Shared.Rent(bytes.Length);
        try
        {
            var status = Utf8.ToUtf16(bytes, buffer, out int bytesRead, out int charsWritten, replaceInvalidSequences: false, isFinalBlock: true);
            if (status != System.Buffers.OperationStatus.Done)
            {
                long offset = offsetBase + (long)bytesRead;
                error = $"{sourceName}: not valid UTF-8 (bad byte at offset {offset}); save the file as UTF-8 or exclude it with --exclude";
                return false;
            }
            text = new string(buffer, 0, charsWritten);
            return true;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static bool TryDecodeWith(Encoding encoding, ReadOnlySpan<byte> bytes, int offsetBase, string sourceName, string name, out string text, out string error)
    {
        text = "";
        error = "";
        try
        {
            text = encoding.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            error = $"{sourceName}: starts with a {name} byte order mark but is not valid {name} (bad bytes at offset {e.Index + offsetBase}); save the file as UTF-8 or exclude it with --exclude";
            return false;
        }
        if (Implausible(text, bytes) is { } why)
        {
            text = "";
            error = $"{sourceName}: starts with a {name} byte order mark but does not decode to {name} text ({why}); save the file as UTF-8 or exclude it with --exclude";
            return false;
        }
        return true;
    }

    /// <summary>
    /// Why text decoded by a byte order mark is not believable as text in that encoding (the bytes of
    /// another encoding behind a stray BOM decode to valid but meaningless characters), or null when it
    /// is: more than 10% control, private-use or unassigned characters; or bytes (16 or more) that hold
    /// no zero byte and are valid UTF-8, which UTF-16 or UTF-32 text of any length hardly ever is (every
    /// space, line break, digit or Latin letter brings a zero byte).
    /// </summary>
    private static string? Implausible(string text, ReadOnlySpan<byte> bytes)
    {
        int odd = 0;
        foreach (char ch in text)
        {
            if (ch < 0x80)
            {
                if (ch < 0x20 && ch is not ('\t' or '\n' or '\r' or '\f')) odd++;
                continue;
            }
            var category = char.GetUnicodeCategory(ch);
            if (category is UnicodeCategory.Control or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned) odd++;
        }
        if (odd * 10 > text.Length) return $"{odd} of its {text.Length} characters are control, private-use or unassigned";
        if (bytes.Length >= 16 && bytes.IndexOf((byte)0) < 0 && Utf8.IsValid(bytes))
            return "its bytes have no zero byte and read as UTF-8 text";
        return null;
    }
}
