using Tailor.Storage;
using Tailor.Tables;

namespace Tailor.Tests.Tables;

/// <summary>The table loaded into SQLite: columns typed by sniffing, only single read-only SELECTs run, the time and row limits.</summary>
public sealed class TableDatabaseTests
{
    private const string Header = "region | year | revenue | note";

    private static TableData Sales(int rows)
    {
        var lines = new List<string> { Header };
        for (int i = 0; i < rows; i++) lines.Add($"{(i % 2 == 0 ? "EMEA" : "APAC")} | {2020 + i % 4} | {i}.5 | row {i}");
        // two chunks that both repeat the header, as the chunker writes them
        int half = rows / 2;
        var first = new StoredChunk(1, "sales.csv", 0, "", string.Join("\n", lines.Take(half + 1)), 2, half + 1, null, 10);
        var second = new StoredChunk(2, "sales.csv", 1, "", string.Join("\n", new[] { Header }.Concat(lines.Skip(half + 1))), half + 2, rows + 1, null, 10);
        return TableData.FromChunks("sales", Header, [first, second], 100_000);
    }

    [Fact]
    public void The_table_rebuilt_from_chunks_keeps_every_row_once_and_types_numbers()
    {
        var table = Sales(10);
        Assert.Equal(["region", "year", "revenue", "note"], table.Columns);
        Assert.Equal(["TEXT", "INTEGER", "REAL", "TEXT"], table.Types);
        Assert.Equal(10, table.Rows.Count);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"row {i}"), table.Rows.Select(r => r[3]));
        using var db = new TableDatabase(table);
        var result = db.Run("SELECT sum(revenue), typeof(year) FROM sales", TimeSpan.FromSeconds(5), 10);
        Assert.Equal(Enumerable.Range(0, 10).Sum(i => i + 0.5).ToString("R", System.Globalization.CultureInfo.InvariantCulture), result.Rows[0][0]);
        Assert.Equal("integer", result.Rows[0][1]);
    }

    [Theory]
    [InlineData("DELETE FROM sales", "DELETE")]
    [InlineData("DROP TABLE sales", "DROP")]
    [InlineData("SELECT 1; DELETE FROM sales", "more than one statement")]
    [InlineData("SELECT 1; SELECT 2", "more than one statement")]
    [InlineData("ATTACH DATABASE 'other.db' AS other", "ATTACH")]
    [InlineData("PRAGMA query_only = OFF", "PRAGMA")]
    [InlineData("  /* note */ -- line\n INSERT INTO sales VALUES ('x', 1, 1, 'y')", "INSERT")]
    [InlineData("WITH x AS (SELECT 1) DELETE FROM sales", "more than read the table")]
    [InlineData("SELECT nothing FROM nowhere", "cannot prepare")]
    [InlineData("", "no SQL")]
    public void Anything_but_one_read_only_select_is_refused_with_the_reason(string sql, string reason)
    {
        using var db = new TableDatabase(Sales(4));
        var ex = Assert.Throws<TableQueryRefusedException>(() => db.Run(sql, TimeSpan.FromSeconds(5), 10));
        Assert.Contains(reason, ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("4", db.Run("SELECT count(*) FROM sales", TimeSpan.FromSeconds(5), 10).Rows[0][0]); // nothing was changed
    }

    [Fact]
    public void A_trailing_semicolon_and_comments_are_one_statement()
    {
        using var db = new TableDatabase(Sales(4));
        var result = db.Run("-- total\nSELECT count(*) AS n FROM sales; -- done", TimeSpan.FromSeconds(5), 10);
        Assert.Equal(["n"], result.Columns);
        Assert.Equal("4", result.Rows[0][0]);
    }

    [Fact]
    public void A_query_that_runs_too_long_is_stopped()
    {
        using var db = new TableDatabase(Sales(4));
        var ex = Assert.Throws<TableQueryRefusedException>(() =>
            db.Run("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c", TimeSpan.FromMilliseconds(200), 10));
        Assert.Contains("time limit", ex.Message);
        // the connection is still usable after the interrupt
        Assert.Equal("4", db.Run("SELECT count(*) FROM sales", TimeSpan.FromSeconds(5), 10).Rows[0][0]);
    }

    [Fact]
    public void Result_rows_are_capped_and_the_cut_is_said()
    {
        using var db = new TableDatabase(Sales(20));
        var capped = db.Run("SELECT note FROM sales", TimeSpan.FromSeconds(5), 5);
        Assert.Equal(5, capped.Rows.Count);
        Assert.True(capped.Truncated);
        var whole = db.Run("SELECT note FROM sales", TimeSpan.FromSeconds(5), 20);
        Assert.Equal(20, whole.Rows.Count);
        Assert.False(whole.Truncated);
    }

    [Fact]
    public void A_chunk_holding_two_runs_of_rows_each_under_the_header_gives_the_rows_once()
    {
        var chunk = new StoredChunk(1, "sales.csv", 0, "", Header + "\nEMEA | 2023 | 1 | a\n" + Header + "\nAPAC | 2023 | 2.5 | b", 2, 3, null, 10);
        var table = TableData.FromChunks("sales", Header, [chunk], 100);
        Assert.Equal(["a", "b"], table.Rows.Select(r => r[3]));
        Assert.Equal(["TEXT", "INTEGER", "REAL", "TEXT"], table.Types);
    }

    [Theory]
    [InlineData("DELETE FROM sales")]
    [InlineData("DROP TABLE sales")]
    [InlineData("PRAGMA query_only = OFF; DELETE FROM sales")]
    public void The_connection_itself_refuses_writes_that_the_checks_would_never_let_through(string sql)
    {
        using var db = new TableDatabase(Sales(4));
        var refused = Assert.Throws<Microsoft.Data.Sqlite.SqliteException>(() => db.ExecuteUnvalidated(sql));
        Assert.Contains("not authorized", refused.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("4", db.Run("SELECT count(*) FROM sales", TimeSpan.FromSeconds(5), 10).Rows[0][0]);
    }

    [Fact]
    public void A_table_larger_than_the_load_limit_is_refused()
    {
        var chunk = new StoredChunk(1, "big.csv", 0, "", Header + "\nEMEA | 2023 | 1 | a\nAPAC | 2023 | 2 | b\nAMER | 2023 | 3 | c", 2, 4, null, 10);
        var ex = Assert.Throws<TailorException>(() => TableData.FromChunks("big", Header, [chunk], 2));
        Assert.Contains("more than 2 rows", ex.Message);
    }
}
