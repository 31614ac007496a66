using Tailor.Lexical;

namespace Tailor.Tests.Lexical;

public class AnalyzerTests
{
    private static readonly Analyzer English = new(new LexicalOptions());
    private static readonly Analyzer Plain = new(new LexicalOptions { Stem = false, RemoveStopwords = false });

    [Fact]
    public void Splits_on_whitespace_and_punctuation_and_lowercases()
    {
        Assert.Equal(["hello", "world", "foo", "bar"], Plain.Analyze("Hello, WORLD! (foo)/bar..."));
    }

    [Fact]
    public void Keeps_numbers_and_decimal_points_between_digits()
    {
        Assert.Equal(["version", "3.14", "1", "000", "in", "2024"], Plain.Analyze("version 3.14, 1,000 in 2024."));
    }

    [Fact]
    public void Keeps_inner_underscores_and_apostrophes_and_splits_hyphens()
    {
        Assert.Equal(["x86_64", "e", "mail", "don't", "rock'n'roll"], Plain.Analyze("x86_64 e-mail don't rock'n'roll"));
    }

    [Fact]
    public void Typographic_apostrophe_is_an_apostrophe()
    {
        Assert.Equal(["don't"], Plain.Analyze("Don\u2019t"));
        Assert.Empty(English.Analyze("Don\u2019t"));
    }

    [Fact]
    public void Leading_and_trailing_joiners_split()
    {
        Assert.Equal(["tis", "dogs", "x", "1", "end"], Plain.Analyze("'tis dogs' _x_ 1. end_"));
    }

    [Fact]
    public void Handles_non_latin_scripts()
    {
        Assert.Equal(["привет", "мир", "αθήνα", "straße"], Plain.Analyze("Привет, МИР! Αθήνα Straße"));
    }

    [Fact]
    public void Chinese_and_japanese_characters_are_one_term_each()
    {
        Assert.Equal(["東", "京", "tokyo", "ひ", "ら"], Plain.Analyze("東京tokyo ひら"));
    }

    [Fact]
    public void Combining_marks_stay_in_the_word()
    {
        Assert.Equal(["cafe\u0301", "ok"], Plain.Analyze("Cafe\u0301 ok"));
    }

    [Fact]
    public void Supplementary_plane_letters_are_letters()
    {
        // U+1D400 MATHEMATICAL BOLD CAPITAL A is a letter outside the BMP.
        Assert.Equal(["a\U0001D400b"], Plain.Analyze("a\U0001D400b"));
    }

    [Fact]
    public void Removes_english_stopwords()
    {
        Assert.Equal(["cat", "mat"], English.Analyze("The cat is on the mat"));
    }

    [Fact]
    public void Stems_english_words()
    {
        Assert.Equal(["run", "dog", "connect", "connect"], English.Analyze("Running dogs connected connections"));
    }

    [Fact]
    public void Possessives_are_stripped()
    {
        Assert.Equal(["dog", "bone"], English.Analyze("the dog's bone"));
        Assert.Equal(["dog", "bone"], new Analyzer(new LexicalOptions { Stem = false }).Analyze("the dog's bone"));
    }

    [Fact]
    public void Words_with_digits_or_non_ascii_letters_are_not_stemmed()
    {
        Assert.Equal(["covid19s", "naïveties"], English.Analyze("covid19s naïveties"));
    }

    [Fact]
    public void Overlong_words_are_dropped()
    {
        var junk = new string('x', Analyzer.MaxWordLength + 1);
        Assert.Equal(["before", "after"], Plain.Analyze($"before {junk} after"));
        var fits = new string('y', Analyzer.MaxWordLength);
        Assert.Equal([fits], Plain.Analyze(fits));
    }

    [Fact]
    public void Language_none_only_splits_and_lowercases()
    {
        var none = new Analyzer(new LexicalOptions { Language = "none" });
        Assert.Equal(["the", "running", "dogs"], none.Analyze("The running DOGS"));
    }

    [Fact]
    public void Appends_to_an_existing_list()
    {
        var terms = new List<string> { "first" };
        English.Analyze("second words".AsSpan(), terms);
        Assert.Equal(["first", "second", "word"], terms);
    }

    [Fact]
    public void Empty_and_punctuation_only_text_gives_no_terms()
    {
        Assert.Empty(English.Analyze(""));
        Assert.Empty(English.Analyze(" ,.;-- \t\n"));
    }

    [Fact]
    public void Unpaired_surrogates_are_separators()
    {
        Assert.Equal(["ab", "cd"], Plain.Analyze("ab\uD800cd"));
    }

    [Fact]
    public void Repeated_words_return_the_same_string_instance()
    {
        var terms = English.Analyze("documents documents");
        Assert.Same(terms[0], terms[1]);
    }

    [Fact]
    public void Concurrent_analysis_matches_sequential()
    {
        var analyzer = new Analyzer(new LexicalOptions());
        var texts = Enumerable.Range(0, 200).Select(i => $"Searching indexes {i} of documents, connected by {i % 7} relations and generalizations").ToArray();
        var expected = texts.Select(t => new Analyzer(new LexicalOptions()).Analyze(t)).ToArray();
        var actual = new List<string>[texts.Length];
        Parallel.For(0, texts.Length, i => actual[i] = analyzer.Analyze(texts[i]));
        for (int i = 0; i < texts.Length; i++) Assert.Equal(expected[i], actual[i]);
    }

    [Fact]
    public void Invalid_options_are_rejected()
    {
        Assert.Throws<TailorException>(() => new Analyzer(new LexicalOptions { Language = "klingon" }));
    }
}
