using System.Text;
using Tailor.Chunking;
using Tailor.Extraction;
using Tailor.Retrieval;
using Tailor.Tokenization;

namespace Tailor.Tests.Chunking;

public class TableRowsTests
{
    [Fact]
    public void Rows_are_read_under_the_header_and_cells_beyond_it_are_numbered()
    {
        var rows = TableRows.Read("region | year", ["region | year", "EMEA | 2023", "", "APAC | 2024 | extra"]);
        Assert.Equal(2, rows.Count);
        Assert.Equal("EMEA", rows[0]["Region"]);
        Assert.Equal("2024", rows[1]["year"]);
        Assert.Equal("extra", rows[1]["column 3"]);
    }

    [Fact]
    public void Csv_chunks_carry_every_data_row_once_with_its_cells()
    {
        var csv = new StringBuilder("region,product,revenue\n");
        for (int i = 0; i < 60; i++) csv.Append(i % 2 == 0 ? "EMEA" : "APAC").Append(",item ").Append(i).Append(',').Append(100 + i).Append('\n');
        var doc = Assert.Single(new CsvExtractor().Extract(Encoding.UTF8.GetBytes(csv.ToString()), "sales.csv").Documents);
        var chunks = new Chunker(new ChunkingOptions { MaxTokens = 120, OverlapTokens = 0 }, EstimatingTokenCounter.Instance).Chunk(doc);
        Assert.True(chunks.Count > 1);
        var rows = chunks.SelectMany(c => c.Rows ?? []).ToList();
        Assert.Equal(Enumerable.Range(0, 60).Select(i => "item " + i), rows.Select(r => r["product"]));
        Assert.All(rows, r => Assert.Equal(["region", "product", "revenue"], r.Keys));
        foreach (var chunk in chunks) // each chunk's rows are the rows its text shows
            Assert.Equal(chunk.Text.Split('\n').Where(l => l.Length > 0 && l != doc.Blocks[0].TableHeader), (chunk.Rows ?? []).Select(r => string.Join(" | ", r.Values)));
    }

    [Fact]
    public void Prose_chunks_have_no_rows()
    {
        var doc = new ExtractedDocument(null, "Notes", [new Block(BlockKind.Paragraph, "EMEA | 2023 looks like a row but is prose.", 0, 1, 1)], "markdown");
        var chunk = Assert.Single(new Chunker(new ChunkingOptions(), EstimatingTokenCounter.Instance).Chunk(doc));
        Assert.Null(chunk.Rows);
    }

    [Fact]
    public void A_chunk_is_cut_to_its_header_and_the_rows_that_satisfy_every_condition()
    {
        const string text = "region | year\nEMEA | 2023\nAPAC | 2023\nEMEA | 2024";
        Assert.Equal("region | year\nEMEA | 2023\nEMEA | 2024", TableRows.KeepMatching(text, [ColumnCondition.Parse("region=emea")]));
        Assert.Equal("region | year\nEMEA | 2024", TableRows.KeepMatching(text, [ColumnCondition.Parse("region=emea"), ColumnCondition.Parse("year!=2023")]));
        Assert.Equal(text, TableRows.KeepMatching(text, []));
        Assert.Equal("region | year\nEMEA | 2023\nEMEA | 2024", TableRows.KeepMatching("region | year\nEMEA | 2023\n\nregion | year\nEMEA | 2024", [ColumnCondition.Parse("region=emea")]));
        Assert.Equal(text, TableRows.KeepMatching(text, [ColumnCondition.Parse("region=nowhere")]));
        Assert.Equal("Plain prose\nwith lines", TableRows.KeepMatching("Plain prose\nwith lines", [ColumnCondition.Parse("region=emea")]));
    }
}
