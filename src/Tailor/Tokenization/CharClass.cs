using System.Globalization;
using System.Runtime.CompilerServices;

namespace Tailor.Tokenization;

/// <summary>
/// Unicode classes the tiktoken pre-tokenization patterns test, as bit flags, for code points
/// decoded from valid UTF-8. The Basic Multilingual Plane is answered from a table.
/// </summary>
internal static class CharClass
{
    public const byte Letter = 1;        // \p{L}
    public const byte Number = 2;        // \p{N}
    public const byte Space = 4;         // \s (Unicode White_Space)
    public const byte Newline = 8;       // \r or \n
    public const byte Upper = 16;        // [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]
    public const byte Lower = 32;        // [\p{Ll}\p{Lm}\p{Lo}\p{M}]
    public const byte Mark = 64;         // \p{M}

    private static readonly byte[] Bmp = BuildBmp();

    private static byte[] BuildBmp()
    {
        var table = new byte[65536];
        for (int c = 0; c < table.Length; c++)
            table[c] = (c >= 0xD800 && c <= 0xDFFF) ? (byte)0 : Classify(c);
        return table;
    }

    /// <summary>The flags of one Unicode scalar value.</summary>
    public static byte Classify(int codePoint)
    {
        byte flags = 0;
        if (codePoint == '\r' || codePoint == '\n') flags |= Newline;
        if (IsWhiteSpace(codePoint)) flags |= Space;
        switch (CharUnicodeInfo.GetUnicodeCategory(codePoint))
        {
            case UnicodeCategory.UppercaseLetter:
            case UnicodeCategory.TitlecaseLetter:
                flags |= Letter | Upper; break;
            case UnicodeCategory.LowercaseLetter:
                flags |= Letter | Lower; break;
            case UnicodeCategory.ModifierLetter:
            case UnicodeCategory.OtherLetter:
                flags |= Letter | Upper | Lower; break;
            case UnicodeCategory.NonSpacingMark:
            case UnicodeCategory.SpacingCombiningMark:
            case UnicodeCategory.EnclosingMark:
                flags |= Mark | Upper | Lower; break;
            case UnicodeCategory.DecimalDigitNumber:
            case UnicodeCategory.LetterNumber:
            case UnicodeCategory.OtherNumber:
                flags |= Number; break;
        }
        return flags;
    }

    // Unicode White_Space, which is what \s means in the regex engines tiktoken uses.
    private static bool IsWhiteSpace(int c) =>
        (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680
        || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;

    /// <summary>Flags of the code point starting at <paramref name="i"/> in valid UTF-8, and its length in bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte At(ReadOnlySpan<byte> s, int i, out int length)
    {
        uint b0 = s[i];
        if (b0 < 0x80)
        {
            length = 1;
            return Bmp[b0];
        }
        return AtSlow(s, i, b0, out length);
    }

    private static byte AtSlow(ReadOnlySpan<byte> s, int i, uint b0, out int length)
    {
        if (b0 < 0xE0)
        {
            length = 2;
            return Bmp[((b0 & 0x1F) << 6) | (s[i + 1] & 0x3Fu)];
        }
        if (b0 < 0xF0)
        {
            length = 3;
            return Bmp[((b0 & 0x0F) << 12) | ((s[i + 1] & 0x3Fu) << 6) | (s[i + 2] & 0x3Fu)];
        }
        length = 4;
        int cp = (int)(((b0 & 0x07) << 18) | ((s[i + 1] & 0x3Fu) << 12) | ((s[i + 2] & 0x3Fu) << 6) | (s[i + 3] & 0x3Fu));
        return Classify(cp);
    }
}
