using System.Text;
using System.Text.Json;
using Tailor.Testing;

namespace Tailor.Cli.Tests.Commands;

/// <summary>`--where` over CSV rows end to end (ingest, search, ask), and a header-less CSV said by ingest and docs.</summary>
public sealed class SearchWhereCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("tailor-where-cli");

    private string Kb => _temp.File("kb");

    private JsonElement Run(params string[] args)
    {
        var r = CliProcess.Run(args.Concat(["--kb", Kb, "--json"]));
        Assert.True(r.ExitCode == 0, r.StdErr);
        return JsonDocument.Parse(r.StdOut).RootElement.Clone();
    }

    private static List<string> HitTexts(JsonElement result) =>
        result.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("text").GetString()!).ToList();

    private static IEnumerable<string> Rows(string text) => text.Split('\n').Skip(1);

    private void WriteDocuments()
    {
        var sales = new StringBuilder("Region,Year,Product,Revenue\n");
        string[] regions = ["EMEA", "APAC", "Americas"];
        for (int i = 0; i < 90; i++) sales.Append($"{regions[i % 3]},{2022 + i % 2},widget {i},{1000 + i}\n");
        _temp.Write("docs/sales.csv", sales.ToString());
        _temp.Write("docs/raw.csv", "101,EMEA,gadget\n102,APAC,gizmo\n103,EMEA,doohickey\n");
        for (int i = 0; i < 8; i++) _temp.Write($"docs/note{i}.md", $"# Note {i}\n\nEMEA widget revenue commentary number {i} for 2023.\n");
    }

    [Fact]
    public void Search_and_ask_keep_only_rows_that_satisfy_every_where_condition()
    {
        WriteDocuments();
        var ingest = Run("ingest", _temp.File("docs"));
        Assert.Equal(10, ingest.GetProperty("added").GetInt32());

        var emea = HitTexts(Run("search", "widget revenue", "-k", "10", "--where", "region=emea"));
        Assert.NotEmpty(emea);
        Assert.All(emea, t => Assert.StartsWith("Region | Year | Product | Revenue\n", t));
        Assert.Equal(30, emea.SelectMany(Rows).Distinct().Count()); // every EMEA row, each chunk quoting only EMEA rows
        Assert.All(emea.SelectMany(Rows), row => Assert.StartsWith("EMEA | ", row));

        var both = HitTexts(Run("search", "widget revenue", "-k", "10", "--where", "Region=EMEA", "--where", " year = 2023 ", "--mode", "lexical"));
        Assert.Equal(15, both.SelectMany(Rows).Distinct().Count());
        Assert.All(both.SelectMany(Rows), row => Assert.StartsWith("EMEA | 2023 | ", row));

        var notEmea = HitTexts(Run("search", "widget", "-k", "10", "--where", "region!=EMEA", "--mode", "lexical"));
        Assert.Equal(60, notEmea.SelectMany(Rows).Distinct().Count());
        Assert.DoesNotContain(notEmea.SelectMany(Rows), row => row.StartsWith("EMEA", StringComparison.Ordinal));

        Assert.Empty(Run("search", "widget", "--where", "region=Antarctica").GetProperty("hits").EnumerateArray());

        var raw = HitTexts(Run("search", "gadget doohickey", "--where", "column 2=emea", "--mode", "lexical"));
        Assert.Equal("column 1 | column 2 | column 3\n101 | EMEA | gadget\n103 | EMEA | doohickey", Assert.Single(raw));

        var answer = Run("ask", "What revenue did widget 3 make?", "--where", "region=EMEA", "--where", "product=widget 3");
        var citation = Assert.Single(answer.GetProperty("citations").EnumerateArray());
        Assert.Equal("sales.csv", citation.GetProperty("document_id").GetString());
        Assert.All(citation.GetProperty("quotes").EnumerateArray(), q => Assert.DoesNotContain("APAC", q.GetString()));

        var bad = CliProcess.Run(["search", "widget", "--where", "region", "--kb", Kb]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--where 'region'", bad.StdErr, StringComparison.Ordinal);
        Assert.Contains("COLUMN=VALUE", bad.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_csv_without_a_header_row_is_named_by_ingest_and_docs()
    {
        WriteDocuments();
        var ingest = Run("ingest", _temp.File("docs"));
        var said = Assert.Single(ingest.GetProperty("no_header").EnumerateArray());
        Assert.Equal("raw.csv", said.GetProperty("document").GetString());
        Assert.Equal(_temp.File("docs/raw.csv"), said.GetProperty("source").GetString());
        Assert.Equal(3, said.GetProperty("columns").GetInt32());

        var docs = Run("docs", "list").GetProperty("documents").EnumerateArray().ToDictionary(d => d.GetProperty("document_id").GetString()!);
        Assert.False(docs["raw.csv"].GetProperty("header_row").GetBoolean());
        Assert.True(docs["sales.csv"].GetProperty("header_row").GetBoolean());
        Assert.True(!docs["note0.md"].TryGetProperty("header_row", out var none) || none.ValueKind == JsonValueKind.Null);
        Assert.False(Run("docs", "show", "raw.csv").GetProperty("header_row").GetBoolean());

        var show = CliProcess.Run(["docs", "show", "raw.csv", "--kb", Kb]);
        Assert.Equal(0, show.ExitCode);
        Assert.Contains("header: none", show.StdOut, StringComparison.Ordinal);

        _temp.Write("docs/raw2.csv", "7,x\n8,y\n");
        var text = CliProcess.Run(["ingest", _temp.File("docs"), "--kb", Kb]);
        Assert.Equal(0, text.ExitCode);
        Assert.Contains($"no header row: {_temp.File("docs/raw2.csv")}", text.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("raw.csv (", text.StdOut, StringComparison.Ordinal); // unchanged files are not said again
    }

    public void Dispose() => _temp.Dispose();
}
