using System.Text;

namespace Tailor.Extraction;

/// <summary>
/// Finds a legacy character set declared in an HTML file's head (meta charset or http-equiv
/// Content-Type), so pages saved as ISO-8859-1 or Windows-1252 decode instead of failing.
/// </summary>
internal static class HtmlCharset
{
    private const int PrescanLength = 1024;

    static HtmlCharset() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The declared encoding when it is not UTF-8 (or UTF-16, which a BOM announces), else null.</summary>
    public static Encoding? DeclaredLegacyEncoding(ReadOnlySpan<byte> content)
    {
        var head = content.Length > PrescanLength ? content[..PrescanLength] : content;
        string ascii = Encoding.Latin1.GetString(head);
        int at = ascii.IndexOf("charset", StringComparison.OrdinalIgnoreCase);
        while (at >= 0)
        {
            int i = at + "charset".Length;
            while (i < ascii.Length && ascii[i] is ' ' or '\t') i++;
            if (i < ascii.Length && ascii[i] == '=')
            {
                i++;
                while (i < ascii.Length && ascii[i] is ' ' or '\t' or '"' or '\'') i++;
                int start = i;
                while (i < ascii.Length && (char.IsAsciiLetterOrDigit(ascii[i]) || ascii[i] is '-' or '_' or ':' or '.')) i++;
                return Resolve(ascii[start..i]);
            }
            at = ascii.IndexOf("charset", at + 1, StringComparison.OrdinalIgnoreCase);
        }
        return null;
    }

    private static Encoding? Resolve(string label)
    {
        label = label.Trim().ToLowerInvariant();
        if (label.Length == 0 || label.StartsWith("utf-", StringComparison.Ordinal) || label is "utf8" or "unicode" or "us-ascii" or "ascii") return null;
        // WHATWG: these labels mean windows-1252, a superset of them
        if (label is "iso-8859-1" or "latin1" or "l1" or "iso8859-1" or "cp1252" or "x-cp1252") label = "windows-1252";
        try
        {
            return Encoding.GetEncoding(label, EncoderFallback.ReplacementFallback, DecoderFallback.ReplacementFallback);
        }
        catch (ArgumentException)
        {
            return null; // unknown label: fall back to UTF-8
        }
    }
}
