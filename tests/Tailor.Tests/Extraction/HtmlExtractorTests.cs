using System.Text;
using Tailor.Extraction;

namespace Tailor.Tests.Extraction;

public class HtmlExtractorTests
{
    private static ExtractedDocument Extract(string html) =>
        Assert.Single(new HtmlExtractor().Extract(Encoding.UTF8.GetBytes(html), "page.html").Documents);

    private const string Page = """
        <!DOCTYPE html>
        <html>
        <head><title>Handbook &amp; Guide</title><style>p { color: red }</style></head>
        <body>
        <header><a href="/">Home</a> Site header</header>
        <nav><ul><li>Menu item</li></ul></nav>
        <div class="content">
        <h1 id="top">Employee Handbook</h1>
        <p>Welcome to the
           handbook.</p>
        <script>var tracking = "secret";</script>
        <h2 id="vacation">Vacation</h2>
        <p>Staff get <b>25 days</b>.<br>Contractors get none.</p>
        <ul>
          <li>Plan early</li>
          <li>Ask your lead
            <ol><li>In writing</li></ol>
          </li>
        </ul>
        <blockquote><p>Rest is work.</p></blockquote>
        <section id="tables">
        <table>
          <thead><tr><th>Role</th><th>Days</th></tr></thead>
          <tbody><tr><td>Staff</td><td>25</td></tr><tr><td>Intern</td><td>10</td></tr></tbody>
        </table>
        </section>
        <pre>line one
          indented   two</pre>
        <div>Loose text in a div <span>with a span</span></div>
        </div>
        <aside>Related links</aside>
        <footer>Copyright</footer>
        <noscript>Enable JS</noscript>
        </body>
        </html>
        """;

    [Fact]
    public void Extracts_main_text_with_structure_lines_and_anchors()
    {
        var doc = Extract(Page);
        Assert.Equal("html", doc.Format);
        Assert.Equal("Handbook & Guide", doc.Title);
        var expected = new (BlockKind Kind, string Text, int Level, int Line, string? Anchor)[]
        {
            (BlockKind.Heading, "Employee Handbook", 1, 8, "top"),
            (BlockKind.Paragraph, "Welcome to the handbook.", 0, 9, "top"),
            (BlockKind.Heading, "Vacation", 2, 12, "vacation"),
            (BlockKind.Paragraph, "Staff get 25 days.\nContractors get none.", 0, 13, "vacation"),
            (BlockKind.ListItem, "Plan early", 1, 15, "vacation"),
            (BlockKind.ListItem, "Ask your lead", 1, 16, "vacation"),
            (BlockKind.ListItem, "In writing", 2, 17, "vacation"),
            (BlockKind.Quote, "Rest is work.", 0, 20, "vacation"),
            (BlockKind.Table, "Role | Days\nStaff | 25\nIntern | 10", 0, 22, "tables"),
            (BlockKind.Code, "line one\n  indented   two", 0, 27, "tables"),
            (BlockKind.Paragraph, "Loose text in a div with a span", 0, 29, "tables"),
        };
        Assert.Equal(expected, doc.Blocks.Select(b => (b.Kind, b.Text, b.Level, b.LineStart, b.Anchor)).ToArray());
        Assert.Equal("Role | Days", doc.Blocks.Single(b => b.Kind == BlockKind.Table).TableHeader);
        Assert.Equal(10, doc.Blocks[1].LineEnd);
        Assert.Equal(28, doc.Blocks.Single(b => b.Kind == BlockKind.Code).LineEnd);
    }

    [Fact]
    public void Drops_scripts_styles_navigation_and_boilerplate()
    {
        var all = string.Join("\n", Extract(Page).Blocks.Select(b => b.Text));
        foreach (var noise in new[] { "tracking", "color", "Menu item", "Site header", "Related links", "Copyright", "Enable JS" })
            Assert.DoesNotContain(noise, all);
    }

    [Fact]
    public void Drops_tables_of_contents_hidden_elements_and_navigation_roles()
    {
        var doc = Extract("""
            <div class="toc"><dl><dt>1. Intro</dt></dl></div>
            <div class="navheader"><table><tr><td>Prev</td></tr></table></div>
            <div hidden>hidden text</div><span aria-hidden="true">icon</span>
            <div role="navigation">links</div>
            <p class="stock-protocol">Kept, class names only match whole.</p>
            """);
        Assert.Equal(["Kept, class names only match whole."], doc.Blocks.Select(b => b.Text));
    }

    [Fact]
    public void Prefers_main_and_keeps_an_article_header()
    {
        var doc = Extract("<body><p>outside</p><main><article><header><h1>Post</h1></header><p>inside</p></article></main></body>");
        Assert.Equal(["Post", "inside"], doc.Blocks.Select(b => b.Text));
        Assert.Equal("Post", doc.Title);
        var roleMain = Extract("<body><p>outside</p><div role=\"main\"><p>inside</p></div></body>");
        Assert.Equal(["inside"], roleMain.Blocks.Select(b => b.Text));
    }

    [Fact]
    public void Table_header_comes_from_th_cells_without_thead()
    {
        var doc = Extract("<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>");
        var table = Assert.Single(doc.Blocks);
        Assert.Equal("A | B", table.TableHeader);
        Assert.Equal("A | B\n1 | 2", table.Text);
        var headerless = Assert.Single(Extract("<table><tr><td>1</td><td>2</td></tr></table>").Blocks);
        Assert.Null(headerless.TableHeader);
    }

    [Fact]
    public void Anchor_comes_from_an_id_inside_the_heading()
    {
        var doc = Extract("<h2><a id=\"SQL-SYNTAX\"></a>4.1 Syntax</h2><p>Body text.</p>");
        Assert.All(doc.Blocks, b => Assert.Equal("SQL-SYNTAX", b.Anchor));
    }

    [Fact]
    public void Section_ids_are_anchors_but_index_terms_inside_prose_are_not()
    {
        var doc = Extract("""
            <div class="sect2" id="SQL-SYNTAX-IDENTIFIERS"><h3>4.1.1 Identifiers</h3>
            <p><a id="id-1.5.3.5.8.4" class="indexterm"></a>Tokens such as SELECT.</p>
            <p>Next paragraph.</p></div>
            <section id="constants"><p>Constants.</p></section>
            """);
        Assert.Equal(["SQL-SYNTAX-IDENTIFIERS", "SQL-SYNTAX-IDENTIFIERS", "SQL-SYNTAX-IDENTIFIERS", "constants"], doc.Blocks.Select(b => b.Anchor));
    }

    [Fact]
    public void Hundred_thousand_nested_divs_do_not_overflow_the_stack()
    {
        const int depth = 100_000;
        var html = new StringBuilder("<html><body>");
        for (int i = 0; i < depth; i++) html.Append("<div>");
        html.Append("deep text");
        for (int i = 0; i < depth; i++) html.Append("</div>");
        html.Append("<p>after</p></body></html>");
        var doc = Extract(html.ToString());
        Assert.Equal(["deep text", "after"], doc.Blocks.Select(b => b.Text));
    }

    [Fact]
    public void Malformed_html_is_read_sensibly()
    {
        var doc = Extract("<h1>Title<p>para one<p>para <b>two <i>mixed</b> tags</i><li>stray item</ul></div></span><table><td>x");
        Assert.Equal("Title", doc.Title);
        Assert.Contains(doc.Blocks, b => b.Text == "para one");
        Assert.Contains(doc.Blocks, b => b.Text.StartsWith("para two mixed", StringComparison.Ordinal));
        Assert.Contains(doc.Blocks, b => b.Text == "stray item");
        Assert.Contains(doc.Blocks, b => b.Kind == BlockKind.Table && b.Text == "x");
    }

    [Fact]
    public void Declared_latin1_page_decodes_and_undeclared_invalid_utf8_fails()
    {
        byte[] latin1 = [.. "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\"></head><body><p>Gr"u8, 0xFC, 0x80, .. " Euro</p></body></html>"u8];
        var doc = Assert.Single(new HtmlExtractor().Extract(latin1, "old.html").Documents);
        Assert.Equal("Gr\u00FC\u20AC Euro", Assert.Single(doc.Blocks).Text); // windows-1252 per WHATWG
        byte[] undeclared = [.. "<p>Gr"u8, 0xFC, .. "</p>"u8];
        var e = Assert.Throws<TailorException>(() => new HtmlExtractor().Extract(undeclared, "bad.html"));
        Assert.Contains("offset 5", e.Message);
    }

    [Fact]
    public void Page_without_text_is_reported_not_kept()
    {
        var result = new HtmlExtractor().Extract("<html><head><script>app()</script></head><body><div id=\"root\"></div></body></html>"u8.ToArray(), "app.html");
        Assert.Empty(result.Documents);
        Assert.Equal([SourceText.NoTextProblem], result.Problems);
        Assert.Contains("empty", SourceText.NoTextProblem);
    }

    [Fact]
    public void Text_only_html_fragment_and_unclosed_comment_do_not_crash()
    {
        Assert.Equal("just text", Assert.Single(Extract("just text").Blocks).Text);
        Assert.DoesNotContain(Extract("<p>hidden<!-- never closed").Blocks, b => b.Text.Contains("never"));
    }
}
