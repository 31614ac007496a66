using Tailor.FineTuning.Classification;
using Tailor.Testing;

namespace Tailor.FineTuning.Tests.Classification;

public sealed class LabeledTextReaderTests
{
    [Fact]
    public void Reads_tsv_and_jsonl_with_line_numbers_skipping_blank_lines()
    {
        var tsv = LabeledTextReader.Parse("spam\tWIN £100 now\r\n\nham\tsee you at 5\n", LabeledTextReader.Format.Tsv);
        Assert.Equal([new LabeledText("spam", "WIN £100 now", 1), new LabeledText("ham", "see you at 5", 3)], tsv);

        var jsonl = LabeledTextReader.Parse("{\"text\": \"hi there\", \"label\": \"ham\"}\n\n{\"label\": 1, \"text\": \"call 0800\"}\n", LabeledTextReader.Format.Jsonl);
        Assert.Equal([new LabeledText("ham", "hi there", 1), new LabeledText("1", "call 0800", 3)], jsonl);
    }

    [Fact]
    public void A_tsv_header_line_is_skipped_but_only_on_the_first_line()
    {
        var examples = LabeledTextReader.Parse("Label\tText\nham\thello\nlabel\ttext\n", LabeledTextReader.Format.Tsv);
        Assert.Equal([new LabeledText("ham", "hello", 2), new LabeledText("label", "text", 3)], examples);
        Assert.Equal("label", LabeledTextReader.Parse("label\tsome message\n", LabeledTextReader.Format.Tsv).Single().Label);
    }

    [Fact]
    public void Detects_the_format_from_the_extension_then_the_content()
    {
        using var dir = new TempDirectory();
        var json = dir.Write("data.txt", "{\"text\": \"a b\", \"label\": \"x\"}\n");
        Assert.Equal("x", LabeledTextReader.ReadFile(json).Single().Label);
        var tsv = dir.Write("data.tsv", "{weird}\tlabel-looking text\n");
        Assert.Equal("{weird}", LabeledTextReader.ReadFile(tsv).Single().Label);
        var byContent = dir.Write("data", "y\tplain text\n");
        Assert.Equal("plain text", LabeledTextReader.ReadFile(byContent).Single().Text);
    }

    [Theory]
    [InlineData("ham\tok\nno tab here\n", "t.tsv:2", "no tab")]
    [InlineData("ham\tok\n\n\tno label\n", "t.tsv:3", "empty label")]
    [InlineData("ham\tok\nspam\t   \n", "t.tsv:2", "empty text")]
    public void Bad_tsv_lines_are_errors_with_their_line_number(string content, string where, string what)
    {
        var ex = Assert.Throws<TailorException>(() => LabeledTextReader.Parse(content, LabeledTextReader.Format.Tsv, "t.tsv"));
        Assert.StartsWith(where + ":", ex.Message);
        Assert.Contains(what, ex.Message);
    }

    [Theory]
    [InlineData("{\"text\": \"a\", \"label\": \"x\"}\n{\"text\": \"b\", \"label\": \n", "t.jsonl:2", "invalid JSON")]
    [InlineData("{\"text\": \"a\", \"label\": \"x\"}\n\n{\"text\": \"b\"}\n", "t.jsonl:3", "missing \"label\"")]
    [InlineData("[1, 2]\n", "t.jsonl:1", "expected a JSON object")]
    [InlineData("{\"text\": 5, \"label\": \"x\"}\n", "t.jsonl:1", "\"text\" must be a string")]
    [InlineData("{\"text\": \"\", \"label\": \"x\"}\n", "t.jsonl:1", "\"text\" is empty")]
    public void Bad_jsonl_lines_are_errors_with_their_line_number(string content, string where, string what)
    {
        var ex = Assert.Throws<TailorException>(() => LabeledTextReader.Parse(content, LabeledTextReader.Format.Jsonl, "t.jsonl"));
        Assert.StartsWith(where + ":", ex.Message);
        Assert.Contains(what, ex.Message);
    }

    [Fact]
    public void Missing_empty_and_binary_files_are_clear_errors()
    {
        using var dir = new TempDirectory();
        Assert.Contains("does not exist", Assert.Throws<TailorException>(() => LabeledTextReader.ReadFile(dir.File("none.tsv"))).Message);
        Assert.Contains("no examples", Assert.Throws<TailorException>(() => LabeledTextReader.ReadFile(dir.Write("empty.tsv", "\n\n"))).Message);
        var binary = dir.File("bin.tsv");
        File.WriteAllBytes(binary, [0x68, 0x09, 0x61, 0x0A, 0x68, 0x61, 0x00, 0x09, 0x0A]);
        var ex = Assert.Throws<TailorException>(() => LabeledTextReader.ReadFile(binary));
        Assert.Contains("bin.tsv:2", ex.Message);
        Assert.Contains("binary", ex.Message);
    }

    [Fact]
    public void A_file_that_is_not_utf8_is_read_as_latin1_and_a_bom_is_skipped()
    {
        using var dir = new TempDirectory();
        var latin1 = dir.File("latin1.tsv");
        File.WriteAllBytes(latin1, [.. "spam\tWin "u8, 0xA3, .. "100\n"u8]);
        Assert.Equal("Win £100", LabeledTextReader.ReadFile(latin1).Single().Text);
        var bom = dir.File("bom.tsv");
        File.WriteAllBytes(bom, [0xEF, 0xBB, 0xBF, .. "ham\tsee you\n"u8]);
        Assert.Equal(new LabeledText("ham", "see you", 1), LabeledTextReader.ReadFile(bom).Single());
    }
}
