using System.Text;
using Tailor.Tokenization;

namespace Tailor.Tests.Tokenization;

/// <summary>
/// The hand-written scanner against the encodings' own regexes run by .NET (differential test),
/// on the golden texts and on many generated strings mixing every class the patterns test.
/// </summary>
public sealed class PieceScannerTests
{
    // Characters chosen to hit every branch of both patterns: upper/lower/title/modifier/other
    // letters, all mark kinds, all number kinds, every white space kind, newlines, apostrophes
    // and contraction letters, '/', punctuation. Not U+017F (ſ): tiktoken's regex engine
    // case-folds it to 's' in contractions and .NET's does not, so it is tested separately.
    private const string Alphabet =
        "aAbBsStTrReEvVmMlLdDxXzZ" + "ǅǈʰʲˆ々中文日本한" + "éÉßøŒ" + "\u0301\u0308\u0903\u093E\u20DD\u0488"
        + "0123456789٣०Ⅻⅷ½²" + " \t\n\r\u000B\u000C\u0085\u00A0\u1680\u2003\u2028\u2029\u202F\u3000"
        + "''''''\"/.,;:!?-_()[]{}<>|@#$%^&*+=~`" + "…—“”\u200D\uFFFD\u00AD";

    private static readonly Lazy<RegexPreTokenizer> Cl100kRegex = new(() => new RegexPreTokenizer(TokenEncoding.Cl100kBase.Pattern));
    private static readonly Lazy<RegexPreTokenizer> O200kRegex = new(() => new RegexPreTokenizer(TokenEncoding.O200kBase.Pattern));

    public static TheoryData<string> Encodings => new() { "cl100k_base", "o200k_base" };

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Scanner_equals_regex_on_golden_texts(string encoding)
    {
        foreach (var c in SharedTokenizers.Golden)
        {
            if (c.Text.Any(char.IsSurrogate)) continue; // .NET's regex sees code units, not code points
            AssertSameSplit(encoding, c.Text);
        }
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Scanner_equals_regex_on_generated_strings_from_a_tricky_alphabet(string encoding)
    {
        var random = new Random(1234);
        var sb = new StringBuilder();
        for (int n = 0; n < 20_000; n++)
        {
            sb.Clear();
            int length = random.Next(1, 24);
            for (int k = 0; k < length; k++) sb.Append(Alphabet[random.Next(Alphabet.Length)]);
            AssertSameSplit(encoding, sb.ToString());
        }
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Scanner_equals_regex_on_generated_strings_from_the_whole_bmp(string encoding)
    {
        var random = new Random(99);
        var sb = new StringBuilder();
        for (int n = 0; n < 5_000; n++)
        {
            sb.Clear();
            int length = random.Next(1, 40);
            for (int k = 0; k < length; k++)
            {
                int c = random.Next(4) switch
                {
                    0 => random.Next(0x20, 0x7F),
                    1 => Alphabet[random.Next(Alphabet.Length)],
                    _ => random.Next(0, 0x10000),
                };
                if (c is >= 0xD800 and <= 0xDFFF or 0x17F) c = 'q';
                sb.Append((char)c);
            }
            AssertSameSplit(encoding, sb.ToString());
        }
    }

    [Theory]
    // Supplementary-plane letters and digits are letters and digits to tiktoken (it matches code
    // points); the .NET regex cannot show this, so these are spelled out.
    [InlineData("cl100k_base", " 𝐀𝐁𝐂def 𝟏𝟐𝟑𝟒", new[] { " 𝐀𝐁𝐂def", " ", "𝟏𝟐𝟑", "𝟒" })]
    [InlineData("o200k_base", " 𝐀𝐁𝐂def 𝟏𝟐𝟑𝟒", new[] { " 𝐀𝐁𝐂def", " ", "𝟏𝟐𝟑", "𝟒" })]
    [InlineData("o200k_base", "𝐀𝐁𝐂 𝐚𝐛", new[] { "𝐀𝐁𝐂", " 𝐚𝐛" })]
    [InlineData("cl100k_base", "👍🏽 🎉!!", new[] { "👍🏽", " 🎉!!" })]
    [InlineData("cl100k_base", "it'ſ", new[] { "it", "'ſ" })]
    [InlineData("o200k_base", "IT'ſ", new[] { "IT'ſ" })]
    public void Scanner_handles_supplementary_planes_and_case_folding(string encoding, string text, string[] expected)
    {
        Assert.Equal(expected, ScannerSplit(encoding, text));
    }

    private static void AssertSameSplit(string encoding, string text)
    {
        var regex = encoding == "cl100k_base" ? Cl100kRegex.Value : O200kRegex.Value;
        var expected = regex.Split(text).Select(p => text.Substring(p.Start, p.Length)).ToList();
        var actual = ScannerSplit(encoding, text);
        if (!expected.SequenceEqual(actual))
        {
            Assert.Fail($"{encoding}: scanner and regex split {Show(text)} differently\n regex   {string.Join(" | ", expected.Select(Show))}\n scanner {string.Join(" | ", actual.Select(Show))}");
        }
    }

    internal static List<string> ScannerSplit(string encoding, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var pieces = new List<string>();
        for (int i = 0, end; i < bytes.Length; i = end)
        {
            end = encoding == "cl100k_base" ? PieceScanner.NextCl100k(bytes, i) : PieceScanner.NextO200k(bytes, i);
            Assert.True(end > i, "the scanner must always advance");
            pieces.Add(Encoding.UTF8.GetString(bytes, i, end - i));
        }
        return pieces;
    }

    private static string Show(string s) => System.Text.Json.JsonSerializer.Serialize(s);
}
