using System.Text;
using Tailor.Extraction;

namespace Tailor.Tests.Extraction;

public class MarkdownExtractorTests
{
    private static ExtractedDocument Extract(string markdown) =>
        Assert.Single(new MarkdownExtractor().Extract(Encoding.UTF8.GetBytes(markdown), "guide.md").Documents);

    private const string Guide = """
        ---
        title: "Front Title"
        tags: [a, b]
        ---
        # Guide

        Intro paragraph with *emphasis*, `code` and a [link](http://x.test).
        It continues here.

        ## Install

        - first item
        - second item
          - nested item

        ```bash
        if true; then
            echo   "hi"
        fi
        ```

        > Quoted wisdom.

        | Name | Days |
        |------|-----:|
        | Ann  | 25   |
        | Bob  | 30   |

            indented code

        ### Linux
        Setext Heading
        --------------
        Text.
        """;

    [Fact]
    public void Extracts_structure_with_levels_and_line_ranges()
    {
        var doc = Extract(Guide);
        Assert.Equal("markdown", doc.Format);
        Assert.Equal("Guide", doc.Title);
        Assert.Null(doc.Id);
        var expected = new (BlockKind Kind, string Text, int Level, int Start, int End)[]
        {
            (BlockKind.Heading, "Guide", 1, 5, 5),
            (BlockKind.Paragraph, "Intro paragraph with emphasis, code and a link. It continues here.", 0, 7, 8),
            (BlockKind.Heading, "Install", 2, 10, 10),
            (BlockKind.ListItem, "first item", 1, 12, 12),
            (BlockKind.ListItem, "second item", 1, 13, 13),
            (BlockKind.ListItem, "nested item", 2, 14, 14),
            (BlockKind.Code, "if true; then\n    echo   \"hi\"\nfi", 0, 16, 20),
            (BlockKind.Quote, "Quoted wisdom.", 0, 22, 22),
            (BlockKind.Table, "Name | Days\nAnn | 25\nBob | 30", 0, 24, 27),
            (BlockKind.Code, "indented code", 0, 29, 29),
            (BlockKind.Heading, "Linux", 3, 31, 31),
            (BlockKind.Heading, "Setext Heading", 2, 32, 33),
            (BlockKind.Paragraph, "Text.", 0, 34, 34),
        };
        Assert.Equal(expected, doc.Blocks.Select(b => (b.Kind, b.Text, b.Level, b.LineStart, b.LineEnd)).ToArray());
        var table = doc.Blocks.Single(b => b.Kind == BlockKind.Table);
        Assert.Equal("Name | Days", table.TableHeader);
        Assert.All(doc.Blocks, b => Assert.Null(b.Anchor));
    }

    [Fact]
    public void Soft_line_breaks_become_spaces_and_hard_breaks_stay()
    {
        var doc = Extract("wrapped\nline, hard  \nbreak\\\nand backslash");
        Assert.Equal("wrapped line, hard\nbreak\nand backslash", Assert.Single(doc.Blocks).Text);
    }

    [Fact]
    public void Title_falls_back_to_front_matter_then_empty()
    {
        Assert.Equal("Front Title", Extract("---\ntitle: 'Front Title'\n---\n## Only H2\n\nText").Title);
        Assert.Equal("", Extract("## Only H2\n\nText").Title);
    }

    [Fact]
    public void Front_matter_is_not_text()
    {
        var doc = Extract("---\ntitle: T\nsecret: yaml\n---\nBody");
        Assert.Equal(["Body"], doc.Blocks.Select(b => b.Text));
        Assert.Equal(5, doc.Blocks[0].LineStart);
    }

    [Fact]
    public void Crlf_line_endings_keep_line_numbers()
    {
        var doc = Extract("# A\r\n\r\npara one\r\npara two\r\n\r\n## B\r\n");
        Assert.Equal([(1, 1), (3, 4), (6, 6)], doc.Blocks.Select(b => (b.LineStart, b.LineEnd)));
    }

    [Fact]
    public void Raw_html_contributes_its_text_but_not_tags_or_scripts()
    {
        var doc = Extract("<div>\n<script>alert(1)</script>\n<p align=\"center\">Centered</p>\n</div>\n\n<!-- a comment -->\n\nSome <b>bold</b> text");
        Assert.Equal(["Centered", "Some bold text"], doc.Blocks.Select(b => b.Text));
        Assert.Equal((3, 3), (doc.Blocks[0].LineStart, doc.Blocks[0].LineEnd));
    }

    [Fact]
    public void Deeply_nested_quotes_and_lists_do_not_crash()
    {
        var doc = Extract(new string('>', 5_000) + " deep\n\n" + string.Concat(Enumerable.Repeat("[", 50_000)) + "x");
        Assert.Contains(doc.Blocks, b => b.Text.Contains("deep"));
    }
}
