using System.Globalization;
using Tailor.Answering;
using Tailor.Chat;
using Tailor.Tables;
using Tailor.Testing;
using Tailor.Testing.Documents;

namespace Tailor.Tests.Tables;

/// <summary>The knowledge base's ask over a workbook sheet with a chat model: the sheet queried by SQL, its citation, and the time limit end to end.</summary>
public sealed class TableAnswererTests : IDisposable
{
    private readonly TempDirectory _temp = new("tailor-table-answer");

    private static bool AsksForSql(IReadOnlyList<ChatMessage> messages) => messages[0].Content == TableAnswerer.Instructions;

    private async Task<KnowledgeBase> WorkbookAsync()
    {
        var headcount = new List<string[]> { new[] { "team", "people" } };
        for (int i = 0; i < 30; i++) headcount.Add([$"team {i}", (i + 3).ToString(CultureInfo.InvariantCulture)]);
        var book = SampleFiles.Xlsx(
            ("Notes", [["topic", "text"], ["budget", "The budget is reviewed in March."]]),
            ("Headcount", headcount.ToArray()));
        File.WriteAllBytes(_temp.File("docs/org.xlsx"), book);
        var kb = KnowledgeBase.Open(_temp.File("kb"));
        await kb.IngestAsync([_temp.File("docs")]);
        return kb;
    }

    [Fact]
    public async Task A_sheet_is_queried_by_its_own_header_and_cited_by_its_sheet()
    {
        Directory.CreateDirectory(_temp.File("docs"));
        using var kb = await WorkbookAsync();
        var model = new ScriptedChatModel(m => AsksForSql(m) ? "```sql\nSELECT SUM(people) AS total, COUNT(*) AS teams FROM org\n```" : "No.");
        var answer = await kb.AskAsync("How many people are in all teams together (headcount)?", model, new AskOptions(), null);

        Assert.Equal("SELECT SUM(people) AS total, COUNT(*) AS teams FROM org", answer.Sql);
        Assert.Equal(["total", "teams"], answer.Table!.Columns);
        Assert.Equal([Enumerable.Range(0, 30).Sum(i => i + 3).ToString(CultureInfo.InvariantCulture), "30"], answer.Table.Rows[0]);
        var citation = Assert.Single(answer.Citations);
        Assert.EndsWith("org.xlsx#Headcount", citation.Link);
        Assert.Equal("team | people", citation.Quote);
        Assert.Contains("CREATE TABLE \"org\" (\"team\" TEXT, \"people\" INTEGER);", model.Requests[0][1].Content);
    }

    [Fact]
    public async Task A_query_that_runs_past_the_time_limit_is_stopped_and_the_answer_says_so()
    {
        Directory.CreateDirectory(_temp.File("docs"));
        using var kb = await WorkbookAsync();
        var model = new ScriptedChatModel(m => AsksForSql(m)
            ? "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"
            : "The teams are listed in the headcount sheet [1].");
        var options = new AskOptions { TableQuery = new TableQueryOptions { TimeLimit = TimeSpan.FromMilliseconds(200) } };
        var answer = await kb.AskAsync("How many people are in all teams together (headcount)?", model, options, null);

        Assert.Null(answer.Sql);
        Assert.Contains("time limit", answer.Fallback);
        Assert.Equal("The teams are listed in the headcount sheet [1].", answer.Text);
        Assert.Equal(2, model.Requests.Count);
    }

    public void Dispose() => _temp.Dispose();
}
