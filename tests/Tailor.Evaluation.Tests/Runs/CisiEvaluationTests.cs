using Tailor.Evaluation.Datasets;
using Tailor.Evaluation.Reports;
using Tailor.Evaluation.Runs;
using Tailor.Evaluation.Tests.Reports;
using Tailor.Retrieval;
using Tailor.Testing;

namespace Tailor.Evaluation.Tests.Runs;

/// <summary>End to end on CISI through the facade: the project's quality bar (Xapian BM25's nDCG@10 0.386).</summary>
public sealed class CisiEvaluationTests
{
    [Fact]
    public async Task Lexical_search_on_cisi_reaches_xapian_bm25_and_the_report_renders()
    {
        var dataset = BeirDataset.Load(RepoPaths.Cisi);
        using var work = new TempDirectory("tailor-eval-cisi");
        string kbDir = Path.Combine(work.Path, "kb");
        var lines = new List<string>();
        var report = await BeirEvaluation.RunAsync(dataset,
            new EvaluationOptions { Modes = [SearchMode.Lexical, SearchMode.Vector, SearchMode.Hybrid], KnowledgeBaseDirectory = kbDir },
            new SyncProgress(lines));

        Assert.Equal("cisi", report.Dataset);
        Assert.Equal(1460, report.Documents);
        Assert.Equal(76, report.Queries);
        var lexical = report.Results[0];
        Assert.Null(lexical.Error);
        Assert.True(lexical.Ndcg[10] >= 0.386, $"lexical nDCG@10 is {lexical.Ndcg[10]:0.0000}; the bar is Xapian BM25's 0.386");
        Assert.True(lexical.Recall[100] > 0.3, $"lexical recall@100 is {lexical.Recall[100]:0.0000}");
        Assert.True(lexical.IngestSeconds > 0);
        Assert.Equal(76, lexical.Queries.Count);
        Assert.False(Directory.Exists(kbDir), "the evaluation knowledge base is deleted unless kept");
        Assert.Contains(lines, l => l.StartsWith("lexical: 76/76", StringComparison.Ordinal));
        var vector = report.Results[1];
        var hybrid = report.Results[2];
        Assert.True(vector.Succeeded, vector.Error);
        Assert.True(hybrid.Succeeded, hybrid.Error);
        Assert.True(vector.Ndcg[10] > 0.2, $"vector nDCG@10 is {vector.Ndcg[10]:0.0000}");
        // Hybrid is the default mode, so it has to beat lexical alone (DESIGN.md's goal).
        Assert.True(hybrid.Ndcg[10] > lexical.Ndcg[10], $"hybrid nDCG@10 {hybrid.Ndcg[10]:0.0000} does not beat lexical {lexical.Ndcg[10]:0.0000}");

        string html = work.File("cisi.html");
        HtmlReport.WriteFile(html, report, DateTimeOffset.UtcNow);
        var (playwright, browser) = await HeadlessChromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var (page, external) = await HeadlessChromium.OpenOfflineAsync(browser, html);
        Assert.Equal(3, await page.Locator("#summary tbody tr").CountAsync());
        Assert.Equal(report.Results.Count(r => r.Succeeded), await page.Locator("svg.recall-plot polyline.series").CountAsync());
        Assert.Empty(external);

        // Refresh the README's screenshot on request: TAILOR_EVAL_SCREENSHOT=docs/images/eval-report.png (relative to the repository).
        if (Environment.GetEnvironmentVariable("TAILOR_EVAL_SCREENSHOT") is { Length: > 0 } shot)
        {
            string target = Path.IsPathRooted(shot) ? shot : Path.Combine(RepoPaths.Root, shot);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await page.SetViewportSizeAsync(1000, 900);
            await page.ScreenshotAsync(new() { Path = target, FullPage = true });
        }
    }

    private sealed class SyncProgress(List<string> lines) : IProgress<string>
    {
        public void Report(string value)
        {
            lock (lines) lines.Add(value);
        }
    }
}
