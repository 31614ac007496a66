using Tailor.Evaluation.Reports;
using Tailor.Testing;

namespace Tailor.Evaluation.Tests.Reports;

public sealed class HtmlReportTests
{
    [Fact]
    public void The_page_is_self_contained_and_escapes_text()
    {
        var report = EvaluationJsonTests.Sample() with { Dataset = "<b>cisi</b>" };
        string html = HtmlReport.Render(report);
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.DoesNotContain("<b>cisi</b>", html);
        Assert.Contains("&lt;b&gt;cisi&lt;/b&gt;", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<polyline class=\"series\" data-mode=\"lexical\"", html);
        Assert.Contains("Not evaluated: vector search is not available yet.", html);
    }

    [Fact]
    public async Task Renders_tables_and_the_recall_plot_in_headless_chromium()
    {
        using var dir = new TempDirectory("tailor-report");
        string file = dir.File("report.html");
        HtmlReport.WriteFile(file, EvaluationJsonTests.Sample(), DateTimeOffset.UnixEpoch);

        var (playwright, browser) = await HeadlessChromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var (page, external) = await HeadlessChromium.OpenOfflineAsync(browser, file);

        Assert.Equal("Retrieval quality: cisi", await page.TitleAsync());
        var rows = await page.Locator("#summary tbody tr").AllInnerTextsAsync();
        Assert.Equal(2, rows.Count);
        Assert.StartsWith("lexical", rows[0]);
        Assert.Contains("0.4012", rows[0]);
        Assert.Contains("not available", rows[1]);
        Assert.Equal(7, await page.Locator("table.mode[data-mode=lexical] tbody tr").CountAsync());

        Assert.Equal(1, await page.Locator("svg.recall-plot").CountAsync());
        Assert.Equal(1, await page.Locator("svg.recall-plot polyline.series").CountAsync());
        Assert.Equal(7, await page.Locator("svg.recall-plot circle").CountAsync());
        Assert.Equal(["lexical"], await page.Locator("svg.recall-plot .legend-item text").AllTextContentsAsync());
        Assert.Contains("Recall@k", await page.Locator("svg.recall-plot").TextContentAsync());
        var box = await page.Locator("svg.recall-plot polyline.series").BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.Width > 200, "the recall line should span the plot");
        Assert.Empty(external);
    }
}
