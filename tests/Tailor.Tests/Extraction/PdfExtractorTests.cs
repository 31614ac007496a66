using System.Text;
using Tailor.Extraction;
using Tailor.Testing;
using Tailor.Testing.Documents;

namespace Tailor.Tests.Extraction;

public class PdfExtractorTests
{
    private static readonly SampleFiles.PdfPage Intro = new("Vacation policy", ["Staff get twenty-five days of paid leave each year.", "Contractors are not entitled to paid leave."]);
    private static readonly SampleFiles.PdfPage Prices = new("Price list", ["Prices are valid for 2026."], [["Product", "Price", "Region"], ["Widget", "12", "EMEA"], ["Gadget", "30", "APAC"]]);

    [Fact]
    public void Reads_pages_in_order_with_headings_tables_and_page_anchors()
    {
        var bytes = SampleFiles.Pdf("Employee handbook", Intro, Prices);
        var result = new PdfExtractor().Extract(bytes, "handbook.pdf");
        Assert.Empty(result.Problems);
        var doc = Assert.Single(result.Documents);
        Assert.Equal("pdf", doc.Format);
        Assert.Equal("Employee handbook", doc.Title);

        var heading = Assert.Single(doc.Blocks, b => b.Kind == BlockKind.Heading && b.Text == "Vacation policy");
        Assert.Equal("page=1", heading.Anchor);
        var paragraph = Assert.Single(doc.Blocks, b => b.Kind == BlockKind.Paragraph && b.Text.Contains("twenty-five days", StringComparison.Ordinal));
        Assert.Equal("Staff get twenty-five days of paid leave each year. Contractors are not entitled to paid leave.", paragraph.Text);
        Assert.Equal("page=1", paragraph.Anchor);

        var table = Assert.Single(doc.Blocks, b => b.Kind == BlockKind.Table);
        Assert.Equal("page=2", table.Anchor);
        Assert.Equal("Product | Price | Region", table.TableHeader);
        Assert.Equal("Product | Price | Region\nWidget | 12 | EMEA\nGadget | 30 | APAC", table.Text);
        Assert.True(doc.Blocks.ToList().IndexOf(heading) < doc.Blocks.ToList().IndexOf(table));
    }

    [Fact]
    public void The_first_heading_is_the_title_when_the_file_names_none()
    {
        var doc = Assert.Single(new PdfExtractor().Extract(SampleFiles.Pdf(null, Intro), "a.pdf").Documents);
        Assert.Equal("Vacation policy", doc.Title);
    }

    [Fact]
    public void A_scanned_page_without_text_is_reported_and_the_rest_kept()
    {
        var bytes = SampleFiles.Pdf(null, Intro, new SampleFiles.PdfPage(null, [], ImageOnly: true));
        var result = new PdfExtractor().Extract(bytes, "scan.pdf");
        Assert.Single(result.Documents);
        var problem = Assert.Single(result.Problems);
        Assert.Contains("page 2", problem, StringComparison.Ordinal);
        Assert.Contains("OCR", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_of_scans_only_has_no_document_and_says_why()
    {
        var result = new PdfExtractor().Extract(SampleFiles.Pdf(null, new SampleFiles.PdfPage(null, [], ImageOnly: true)), "scan.pdf");
        Assert.Empty(result.Documents);
        Assert.Contains("page 1: no text, only images", Assert.Single(result.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Damaged_and_fake_pdfs_fail_naming_the_file()
    {
        var good = SampleFiles.Pdf(null, Intro);
        var truncated = good.AsSpan(0, good.Length / 3).ToArray();
        var ex = Assert.Throws<TailorException>(() => new PdfExtractor().Extract(truncated, "broken.pdf"));
        Assert.StartsWith("broken.pdf: damaged PDF", ex.Message, StringComparison.Ordinal);

        var fake = Assert.Throws<TailorException>(() => new PdfExtractor().Extract(Encoding.UTF8.GetBytes("just some text"), "fake.pdf"));
        Assert.Contains("fake.pdf: not a PDF file", fake.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_encrypted_pdf_fails_with_the_reason()
    {
        // a trailer naming an /Encrypt dictionary: PdfPig refuses to read the content without the password
        var good = Encoding.Latin1.GetString(SampleFiles.Pdf(null, Intro));
        int trailer = good.LastIndexOf("trailer", StringComparison.Ordinal);
        Assert.True(trailer > 0, "the builder writes a classic trailer");
        int dict = good.IndexOf("<<", trailer, StringComparison.Ordinal);
        var encrypted = good[..(dict + 2)] + " /Encrypt << /Filter /Standard /V 1 /R 2 /O (0123456789abcdef0123456789abcdef) /U (0123456789abcdef0123456789abcdef) /P -4 >> /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>]" + good[(dict + 2)..];
        var ex = Assert.Throws<TailorException>(() => new PdfExtractor().Extract(Encoding.Latin1.GetBytes(encrypted), "secret.pdf"));
        Assert.Contains("secret.pdf", ex.Message, StringComparison.Ordinal);
        Assert.Contains("encrypted", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A PDF written by another producer: Chromium's print to PDF (Skia, embedded TrueType subsets) of a
    /// two-page HTML page (h1 "Safety manual", a paragraph, a page break, h1 "Emergency exits", a paragraph).
    /// </summary>
    [Fact]
    public void Reads_a_pdf_printed_by_chromium()
    {
        var bytes = File.ReadAllBytes(Path.Combine(RepoPaths.Root, "tests", "Tailor.Tests", "Extraction", "Fixtures", "chromium-manual.pdf"));
        var result = new PdfExtractor().Extract(bytes, "manual.pdf");
        Assert.Empty(result.Problems);
        var doc = Assert.Single(result.Documents);
        Assert.Equal(
            ["Heading page=1 Safety manual", "Paragraph page=1 Wear protective goggles when operating the lathe in workshop three.",
             "Heading page=2 Emergency exits", "Paragraph page=2 The emergency exit on the second floor leads to the north staircase."],
            doc.Blocks.Select(b => $"{b.Kind} {b.Anchor} {b.Text}"));
    }

    [Fact]
    public void A_page_set_in_two_columns_is_read_column_by_column_after_its_title()
    {
        string[] left = ["The left column opens the story of the", "harbour town and its many fishing boats", "which leave the quay before every dawn."];
        string[] right = ["The right column continues with the", "market where the catch is sold by noon", "to traders from the whole wide region."];
        using var builder = new UglyToad.PdfPig.Writer.PdfDocumentBuilder();
        var font = builder.AddStandard14Font(UglyToad.PdfPig.Fonts.Standard14Fonts.Standard14Font.Helvetica);
        var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
        page.AddText("A report in two columns about the harbour", 20, new UglyToad.PdfPig.Core.PdfPoint(50, 780), font);
        for (int i = 0; i < left.Length; i++)
        {
            page.AddText(left[i], 11, new UglyToad.PdfPig.Core.PdfPoint(50, 740 - 14 * i), font);
            page.AddText(right[i], 11, new UglyToad.PdfPig.Core.PdfPoint(315, 740 - 14 * i), font);
        }
        var doc = Assert.Single(new PdfExtractor().Extract(builder.Build(), "report.pdf").Documents);
        var text = string.Join("\n", doc.Blocks.Select(b => b.Text));
        int title = text.IndexOf("A report in two columns", StringComparison.Ordinal);
        int endOfLeft = text.IndexOf("before every dawn.", StringComparison.Ordinal);
        int startOfRight = text.IndexOf("The right column continues", StringComparison.Ordinal);
        Assert.True(title >= 0 && endOfLeft > title && startOfRight > endOfLeft, text);
        Assert.Contains("The left column opens the story of the harbour town and its many fishing boats which leave the quay before every dawn.", text);
        Assert.Contains("The right column continues with the market where the catch is sold by noon to traders from the whole wide region.", text);
    }
}
