using System.Globalization;
using System.Text;
using System.Text.Json;
using Tailor.Testing;
using Tailor.Testing.OpenAi;

namespace Tailor.Cli.Tests.Commands;

/// <summary>`tailor ask` over a CSV with a chat model on the OpenAI test server: answered by one read-only SQL query, refused SQL falls back, rows capped; offline unchanged.</summary>
public sealed class AskTableSqlTests : IDisposable
{
    private const string Question = "What was the total revenue by region in 2023?";
    private const string SumSql = "SELECT region, SUM(revenue) AS total FROM sales WHERE year = 2023 GROUP BY region ORDER BY region";
    private static readonly string[] Regions = ["AMER", "APAC", "EMEA"];
    private readonly TempDirectory _temp = new("tailor-ask-sql");
    private readonly List<(string Region, int Year, double Revenue)> _rows = [];

    private string Kb => _temp.File("kb");

    /// <summary>A revenue-by-region CSV of generated rows (revenues in quarters, so sums are exact in binary), ingested.</summary>
    private void Ingest(int rows = 60)
    {
        var random = new Random(12);
        var csv = new StringBuilder("region,year,revenue,product\n");
        for (int i = 0; i < rows; i++)
        {
            var row = (Regions[random.Next(Regions.Length)], 2022 + random.Next(2), random.Next(100, 5000) + random.Next(4) * 0.25);
            _rows.Add(row);
            csv.Append(CultureInfo.InvariantCulture, $"{row.Item1},{row.Item2},{row.Item3},widget {i}\n");
        }
        _temp.Write("docs/sales.csv", csv.ToString());
        _temp.Write("docs/notes.md", "# Notes\n\nThe sales team meets on Mondays.\n");
        var r = CliProcess.Run(["ingest", _temp.File("docs"), "--kb", Kb]);
        Assert.True(r.ExitCode == 0, r.StdErr);
    }

    private Dictionary<string, string?> Env(Uri baseUrl)
    {
        var config = _temp.Write("config.json", "{ \"openai\": { \"maxRetries\": 0, \"timeoutSeconds\": 60 } }");
        return new()
        {
            ["TAILOR_CONFIG"] = config,
            ["OPENAI_BASE_URL"] = baseUrl.ToString(),
            ["TAILOR_CHAT_MODEL"] = "test-model",
            ["OPENAI_API_KEY"] = "",
            ["AZURE_OPENAI_ENDPOINT"] = "",
        };
    }

    private static bool AsksForSql(ChatRequest r) => r.System.Contains("SQLite query", StringComparison.Ordinal);

    /// <summary>Replies with <paramref name="sql"/> when asked for a query, else a plain answer citing source 1.</summary>
    private static Func<ChatRequest, string> Script(string sql) => r => AsksForSql(r) ? $"```sql\n{sql}\n```" : "The table lists revenue per region [1].";

    private static JsonElement Json(CliProcess.Result r)
    {
        Assert.True(r.ExitCode == 0, r.StdErr);
        return JsonDocument.Parse(r.StdOut).RootElement.Clone();
    }

    [Fact]
    public async Task Total_revenue_by_region_is_answered_by_the_scripted_sql_with_the_sums_and_the_tables_citation()
    {
        Ingest();
        await using var server = await OpenAiTestServer.StartAsync();
        server.ChatReply = Script(SumSql);
        var json = Json(CliProcess.Run(["ask", Question, "--kb", Kb, "--json"], env: Env(server.BaseUrl)));

        var expected = _rows.Where(r => r.Year == 2023).GroupBy(r => r.Region).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new[] { g.Key, g.Sum(r => r.Revenue).ToString("R", CultureInfo.InvariantCulture) }).ToList();
        Assert.Equal(3, expected.Count);
        Assert.Equal(SumSql, json.GetProperty("sql").GetString());
        Assert.Equal(["region", "total"], json.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        var rows = json.GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetString()!).ToArray()).ToList();
        Assert.Equal(expected, rows);
        Assert.False(json.GetProperty("rows_truncated").GetBoolean());
        Assert.True(json.GetProperty("found").GetBoolean());
        Assert.Null(json.GetProperty("fallback").GetString());
        string answer = json.GetProperty("answer").GetString()!;
        Assert.Contains(SumSql, answer);
        foreach (var row in expected) Assert.Contains($"| {row[0]} | {row[1]} |", answer);
        var citation = Assert.Single(json.GetProperty("citations").EnumerateArray());
        Assert.Equal("sales.csv", citation.GetProperty("document_id").GetString());
        Assert.EndsWith($"sales.csv#L1-L{_rows.Count + 1}", citation.GetProperty("link").GetString());

        // one request: the schema, typed by sniffing, and sample rows; the question
        var request = Assert.Single(server.RequestsTo("chat/completions"));
        string prompt = string.Join("\n", request.Json!["messages"]!.AsArray().Select(m => m!["content"]!.GetValue<string>()));
        Assert.Contains("CREATE TABLE \"sales\" (\"region\" TEXT, \"year\" INTEGER, \"revenue\" REAL, \"product\" TEXT);", prompt);
        Assert.Contains($"The table has {_rows.Count} rows.", prompt);
        Assert.Contains("widget 0", prompt);
        Assert.DoesNotContain("widget 10", prompt);
        Assert.Contains(Question, prompt);

        var plain = CliProcess.Run(["ask", Question, "--kb", Kb], env: Env(server.BaseUrl));
        Assert.True(plain.ExitCode == 0, plain.StdErr);
        Assert.Contains(SumSql, plain.StdOut);
        Assert.Contains($"| {expected[0][0]} | {expected[0][1]} |", plain.StdOut);
        Assert.Matches(@"\[1\] \S*sales\.csv#L1-L", plain.StdOut);
    }

    [Theory]
    [InlineData("DELETE FROM sales", "begins with DELETE")]
    [InlineData("DROP TABLE sales", "begins with DROP")]
    [InlineData("SELECT 1; DELETE FROM sales", "more than one statement")]
    [InlineData("ATTACH DATABASE 'x.db' AS x", "begins with ATTACH")]
    [InlineData("PRAGMA query_only = OFF", "begins with PRAGMA")]
    public async Task Sql_that_is_not_one_read_only_select_is_refused_and_the_normal_answer_says_why(string sql, string reason)
    {
        Ingest(12);
        await using var server = await OpenAiTestServer.StartAsync();
        server.ChatReply = Script(sql);
        var json = Json(CliProcess.Run(["ask", Question, "--kb", Kb, "--json"], env: Env(server.BaseUrl)));
        Assert.False(json.TryGetProperty("sql", out _));
        Assert.False(json.TryGetProperty("rows", out _));
        string fallback = json.GetProperty("fallback").GetString()!;
        Assert.StartsWith("not answered by SQL: the model's SQL was not run:", fallback);
        Assert.Contains(reason, fallback);
        Assert.Equal("The table lists revenue per region [1].", json.GetProperty("answer").GetString());
        Assert.Equal("test-model", json.GetProperty("model").GetString());
        Assert.Equal(2, server.RequestsTo("chat/completions").Count);
        // nothing was changed: the file and the knowledge base still answer the same
        Assert.Equal(13, File.ReadAllLines(_temp.File("docs/sales.csv")).Length);
    }

    [Fact]
    public async Task Result_rows_are_capped_at_the_row_limit()
    {
        Ingest(120);
        await using var server = await OpenAiTestServer.StartAsync();
        server.ChatReply = Script("SELECT product, revenue FROM sales");
        var json = Json(CliProcess.Run(["ask", "List every product and its revenue", "--kb", Kb, "--json"], env: Env(server.BaseUrl)));
        Assert.Equal(50, json.GetProperty("rows").GetArrayLength());
        Assert.True(json.GetProperty("rows_truncated").GetBoolean());
        Assert.Contains("the result has more", json.GetProperty("answer").GetString());
    }

    [Fact]
    public async Task No_sql_and_offline_answer_from_the_rows_text_as_before()
    {
        Ingest(12);
        await using var server = await OpenAiTestServer.StartAsync();
        server.ChatReply = Script(SumSql);
        var noSql = Json(CliProcess.Run(["ask", Question, "--kb", Kb, "--json", "--no-sql"], env: Env(server.BaseUrl)));
        Assert.False(noSql.TryGetProperty("sql", out _));
        Assert.Null(noSql.GetProperty("fallback").GetString());
        Assert.DoesNotContain(server.RequestsTo("chat/completions"), r => r.Body.Contains("SQLite query", StringComparison.Ordinal));

        var offline = Json(CliProcess.Run(["ask", Question, "--kb", Kb, "--json", "--offline"], env: Env(server.BaseUrl)));
        Assert.Equal("extractive", offline.GetProperty("model").GetString());
        Assert.False(offline.TryGetProperty("sql", out _));
        var search = Json(CliProcess.Run(["search", "EMEA revenue", "--kb", Kb, "--json"]));
        Assert.Equal("sales.csv", search.GetProperty("hits")[0].GetProperty("document_id").GetString());
    }

    public void Dispose() => _temp.Dispose();
}
