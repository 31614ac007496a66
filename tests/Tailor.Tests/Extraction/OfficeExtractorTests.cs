using System.Text;
using Tailor.Extraction;
using Tailor.Testing.Documents;

namespace Tailor.Tests.Extraction;

public class OfficeExtractorTests
{
    [Fact]
    public void Docx_headings_from_styles_lists_and_tables_with_header()
    {
        var bytes = SampleFiles.Docx(null,
            [("Title", "Travel guide"), ("Heading1", "Booking"), ("", "Book trains two weeks ahead."), ("List", "Use the portal"), ("List", "Keep receipts"), ("Heading2", "Limits")],
            [["Class", "Limit"], ["Economy", "500"], ["Business", "2000"]]);
        var doc = Assert.Single(new DocxExtractor().Extract(bytes, "guide.docx").Documents);
        Assert.Equal("docx", doc.Format);
        Assert.Equal("Travel guide", doc.Title);
        Assert.Equal(
            ["Heading:1:Travel guide", "Heading:1:Booking", "Paragraph:0:Book trains two weeks ahead.", "ListItem:1:Use the portal", "ListItem:1:Keep receipts", "Heading:2:Limits", "Table:0:Class | Limit\nEconomy | 500\nBusiness | 2000"],
            doc.Blocks.Select(b => $"{b.Kind}:{b.Level}:{b.Text}"));
        Assert.Equal("Class | Limit", doc.Blocks[^1].TableHeader);
    }

    [Fact]
    public void Xlsx_sheets_become_tables_anchored_to_their_cell_ranges()
    {
        var rows = new List<string[]> { new[] { "Region", "Year", "Revenue" } };
        for (int i = 0; i < 30; i++) rows.Add([i % 2 == 0 ? "EMEA" : "APAC", (2020 + i % 4).ToString(System.Globalization.CultureInfo.InvariantCulture), (100 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        var bytes = SampleFiles.Xlsx(("Sales", rows.ToArray()), ("Notes 2", [["Remark"], ["Figures are unaudited"]]));
        var doc = Assert.Single(new XlsxExtractor().Extract(bytes, "book.xlsx").Documents);
        Assert.Equal("xlsx", doc.Format);
        var tables = doc.Blocks.Where(b => b.Kind == BlockKind.Table).ToList();
        Assert.Equal(["Sales!A1:C26", "Sales!A27:C31", "'Notes 2'!A1:A2"], tables.Select(t => t.Anchor));
        Assert.All(tables, t => Assert.StartsWith(t.TableHeader + "\n", t.Text, StringComparison.Ordinal));
        Assert.Equal("Region | Year | Revenue", tables[0].TableHeader);
        Assert.Contains("EMEA | 2020 | 100", tables[0].Text, StringComparison.Ordinal);
        Assert.Contains(doc.Blocks, b => b.Kind == BlockKind.Heading && b.Text == "Notes 2");
    }

    [Fact]
    public void Pptx_slide_titles_bullets_and_notes_anchored_to_the_slide()
    {
        var bytes = SampleFiles.Pptx(("Quarterly review", ["Revenue grew 12%"], null), ("Hiring plan", ["Two engineers", "One designer"], "Budget approved in March"));
        var doc = Assert.Single(new PptxExtractor().Extract(bytes, "deck.pptx").Documents);
        Assert.Equal("pptx", doc.Format);
        Assert.Equal("Quarterly review", doc.Title);
        Assert.Equal(
            ["Heading slide=1 Quarterly review", "Paragraph slide=1 Revenue grew 12%", "Heading slide=2 Hiring plan", "Paragraph slide=2 Two engineers", "Paragraph slide=2 One designer", "Paragraph slide=2 Notes: Budget approved in March"],
            doc.Blocks.Select(b => $"{b.Kind} {b.Anchor} {b.Text}"));
    }

    public static TheoryData<string> OfficeNames => new() { "a.docx", "a.xlsx", "a.pptx" };

    [Theory]
    [MemberData(nameof(OfficeNames))]
    public void Damaged_office_files_fail_naming_the_file(string name)
    {
        ITextExtractor extractor = ExtractorRegistry.CreateDefault().Get(name);
        byte[] good = name switch
        {
            "a.docx" => SampleFiles.Docx(null, [("", "hello")]),
            "a.xlsx" => SampleFiles.Xlsx(("S", [["a"]])),
            _ => SampleFiles.Pptx(("t", ["b"], null)),
        };
        var truncated = good.AsSpan(0, good.Length / 2).ToArray();
        var ex = Assert.Throws<TailorException>(() => extractor.Extract(truncated, name));
        Assert.StartsWith(name + ": damaged", ex.Message, StringComparison.Ordinal);

        var text = Assert.Throws<TailorException>(() => extractor.Extract(Encoding.UTF8.GetBytes("plain text renamed"), name));
        Assert.Contains(name + ": not a valid", text.Message, StringComparison.Ordinal);

        var ole = Assert.Throws<TailorException>(() => extractor.Extract(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0 }, name));
        Assert.Contains("encrypted", ole.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_rows_repeat_the_header_and_keep_their_lines()
    {
        var csv = "region,year,revenue\nEMEA,2023,100\n\"APAC, North\",2023,\"1,200\"\nEMEA,2022,90\n";
        var doc = Assert.Single(new CsvExtractor().Extract(Encoding.UTF8.GetBytes(csv), "sales.csv").Documents);
        Assert.Equal("csv", doc.Format);
        var table = Assert.Single(doc.Blocks);
        Assert.Equal("region | year | revenue", table.TableHeader);
        Assert.Equal("region | year | revenue\nEMEA | 2023 | 100\nAPAC, North | 2023 | 1,200\nEMEA | 2022 | 90", table.Text);
        Assert.Equal((2, 4), (table.LineStart, table.LineEnd));
        Assert.Equal("first row", doc.Metadata["header"]);
    }

    [Fact]
    public void Csv_without_a_header_is_detected_and_said()
    {
        var doc = Assert.Single(new CsvExtractor().Extract(Encoding.UTF8.GetBytes("EMEA;2023;100\nAPAC;2022;90\n"), "raw.csv").Documents);
        Assert.Equal("none", doc.Metadata["header"]);
        var table = Assert.Single(doc.Blocks);
        Assert.Equal("column 1 | column 2 | column 3", table.TableHeader);
        Assert.Equal((1, 2), (table.LineStart, table.LineEnd));
        Assert.Contains("EMEA | 2023 | 100", table.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Tsv_splits_on_tabs_and_long_files_go_out_in_runs_of_rows()
    {
        var sb = new StringBuilder("name\tcity\n");
        for (int i = 0; i < 60; i++) sb.Append("person").Append(i).Append("\tcity").Append(i % 7).Append('\n');
        var doc = Assert.Single(new CsvExtractor().Extract(Encoding.UTF8.GetBytes(sb.ToString()), "people.tsv").Documents);
        Assert.Equal([(2, 26), (27, 51), (52, 61)], doc.Blocks.Select(b => (b.LineStart, b.LineEnd)));
        Assert.All(doc.Blocks, b => Assert.StartsWith("name | city\n", b.Text, StringComparison.Ordinal));
    }
}
