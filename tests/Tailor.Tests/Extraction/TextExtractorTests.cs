using System.Text;
using Tailor.Extraction;

namespace Tailor.Tests.Extraction;

public class TextExtractorTests
{
    private static ExtractedDocument Extract(string text) =>
        Assert.Single(new TextExtractor().Extract(Encoding.UTF8.GetBytes(text), "a.txt").Documents);

    [Fact]
    public void Splits_paragraphs_on_blank_lines_with_line_ranges()
    {
        var doc = Extract("First line\nsecond line\n\n\n  \nThird para\r\n\r\nLast\n");
        Assert.Equal("text", doc.Format);
        Assert.Equal("", doc.Title);
        Assert.Collection(doc.Blocks,
            b => { Assert.Equal("First line\nsecond line", b.Text); Assert.Equal((1, 2), (b.LineStart, b.LineEnd)); },
            b => { Assert.Equal("Third para", b.Text); Assert.Equal((6, 6), (b.LineStart, b.LineEnd)); },
            b => { Assert.Equal("Last", b.Text); Assert.Equal((8, 8), (b.LineStart, b.LineEnd)); });
        Assert.All(doc.Blocks, b => Assert.Equal(BlockKind.Paragraph, b.Kind));
    }

    [Fact]
    public void Cleans_each_paragraph()
    {
        var doc = Extract("a \t  b\u200B\u0007c");
        Assert.Equal("a bc", Assert.Single(doc.Blocks).Text);
    }
}
