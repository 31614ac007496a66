using System.Text.Json;
using Tailor.Evaluation.Qa;
using Tailor.Testing;

namespace Tailor.Evaluation.Tests.Qa;

public sealed class QaReportFileTests
{
    [Fact]
    public void The_latest_report_replaces_the_one_before_and_reads_back_with_its_time()
    {
        using var temp = new TempDirectory("tailor-qa-report");
        Assert.Null(QaReportFile.Read(temp.Path));
        var first = new QaReport(1, 5, 0, 0, 1, 0, [new QaQuestionResult("Where?", 1, false, null, null, true, 0, false, "not found", [])]);
        var second = new QaReport(1, 3, 1, 1, 1, 1, [new QaQuestionResult("How many days?", 1, true, 2, true, true, 1, true, "25 [1]", [])]);
        QaReportFile.Save(temp.Path, first, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        QaReportFile.Save(temp.Path, second, new DateTimeOffset(2026, 2, 3, 6, 5, 4, TimeSpan.FromHours(2)));

        var json = JsonDocument.Parse(QaReportFile.Read(temp.Path)!).RootElement;
        Assert.Equal("2026-02-03T04:05:04Z", json.GetProperty("created_at").GetString());
        var report = json.GetProperty("report");
        Assert.Equal(3, report.GetProperty("k").GetInt32());
        Assert.Equal(2, report.GetProperty("results")[0].GetProperty("hit_rank").GetInt32());
        Assert.True(File.Exists(Path.Combine(temp.Path, "reports", "eval-qa.json")));
        Assert.Equal(["eval-qa.json"], Directory.GetFiles(Path.Combine(temp.Path, "reports")).Select(Path.GetFileName));
    }
}
