using System.Text;
using Tailor.Cleaning;

namespace Tailor.Tests.Cleaning;

public class TextCleanerTests
{
    private static readonly TextCleaner Cleaner = TextCleaner.Default;

    [Theory]
    [InlineData("  a  \t b  ", "a b")]
    [InlineData("a\r\nb\rc\n", "a\nb\nc")]
    [InlineData("a\n\n\n\n b", "a\n\nb")]
    [InlineData("line one   \n   line two", "line one\nline two")]
    [InlineData("zero\u200Bwidth\u200Cjoin\u2060er\uFEFF", "zerowidthjoiner")]
    [InlineData("soft\u00ADhyphen", "softhyphen")]
    [InlineData("bell\u0007 and \u0001ctl\u0085next", "bell and ctl\nnext")]
    [InlineData("non\u00A0breaking", "non breaking")]
    [InlineData("\u2028sep\u2029", "sep")]
    [InlineData("", "")]
    [InlineData(" \t\r\n ", "")]
    public void Cleans_prose(string input, string expected)
    {
        Assert.Equal(expected, Cleaner.Clean(input));
    }

    [Fact]
    public void Normalizes_to_nfc_by_default()
    {
        string decomposed = "Cafe\u0301"; // e + combining acute
        Assert.Equal("Caf\u00E9", Cleaner.Clean(decomposed));
    }

    [Theory]
    [InlineData("\u1100\u1161\u11A8", "\uAC01")]             // Hangul jamo compose algorithmically
    [InlineData("a\u0323\u0302", "\u1EAD")]                  // dot below + circumflex compose in either order
    [InlineData("a\u0302\u0323", "\u1EAD")]
    [InlineData("\u0958", "\u0915\u093C")]                   // composition exclusion stays decomposed
    [InlineData("\u212B", "\u00C5")]                          // singleton ANGSTROM SIGN becomes A-ring
    [InlineData("e\u0301\u0301", "\u00E9\u0301")]           // second acute is blocked
    [InlineData("\U0001D15E", "\U0001D157\U0001D165")]       // supplementary excluded composite
    public void Nfc_follows_the_unicode_algorithm(string input, string expected)
    {
        Assert.Equal(expected, Cleaner.Clean(input));
    }

    [Fact]
    public void Nfkc_is_optional()
    {
        var nfkc = new TextCleaner(new TextCleaningOptions { Normalization = NormalizationForm.FormKC });
        Assert.Equal("fi 2 ABC", nfkc.Clean("\uFB01 \u00B2 \uFF21\uFF22\uFF23"));
        Assert.Equal("\uFB01", Cleaner.Clean("\uFB01"));
    }

    [Fact]
    public void Unsupported_normalization_form_is_rejected()
    {
        var e = Assert.Throws<TailorException>(() => new TextCleaner(new TextCleaningOptions { Normalization = NormalizationForm.FormD }));
        Assert.Contains("FormC", e.Message);
    }

    [Fact]
    public void Code_keeps_indentation_and_alignment_but_not_trailing_space()
    {
        string code = "\n\ndef f():\n    x  =  1\t# tab\n\n\tif x:  \n        return x\r\n\n";
        Assert.Equal("def f():\n    x  =  1\t# tab\n\n\tif x:\n        return x", Cleaner.Clean(code, preserveIndentation: true));
    }

    [Fact]
    public void Lone_surrogates_are_dropped_and_pairs_kept()
    {
        Assert.Equal("a😀b", Cleaner.Clean("a\uD83D\uDE00b\uD800"));
    }

    [Fact]
    public void Long_text_is_cleaned_in_one_pass()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < 10_000; i++) sb.Append("word\t\t  word\r\n");
        string cleaned = Cleaner.Clean(sb.ToString());
        Assert.Equal(10_000, cleaned.Split('\n').Length);
        Assert.DoesNotContain("  ", cleaned);
    }
}
