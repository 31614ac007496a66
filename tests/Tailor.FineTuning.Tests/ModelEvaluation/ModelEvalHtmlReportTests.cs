using Tailor.Evaluation.Tests.Reports;
using Tailor.FineTuning.ModelEvaluation;
using Tailor.FineTuning.Tests.Datasets;
using Tailor.OpenAI.Chat;
using Tailor.OpenAI.Configuration;
using Tailor.Testing;
using Tailor.Testing.OpenAi;

namespace Tailor.FineTuning.Tests.ModelEvaluation;

public sealed class ModelEvalHtmlReportTests
{
    private static async Task<ModelEvalReport> EvaluateAsync(OpenAiTestServer server)
    {
        server.ChatReply = r =>
        {
            int i = int.Parse(r.LastUser.Split('#')[1], System.Globalization.CultureInfo.InvariantCulture);
            return r.Model == "half" && i % 2 == 1 ? "<b>not sure</b>" : $"Answer {i}";
        };
        var items = TestSet.Items(Jsonl.Parse(string.Join("\n", Enumerable.Range(0, 6).Select(i => Jsonl.Chat($"Question #{i}", $"Answer {i}")))));
        var evaluator = new ModelEvaluator(
            model => new OpenAiChatModel(new OpenAiSettings { BaseUrl = server.BaseUrl, ApiKey = "k" }, model),
            new ModelEvalOptions { Models = ["perfect", "half"] });
        return await evaluator.EvaluateAsync("cases.jsonl", items);
    }

    [Fact]
    public async Task The_page_shows_variants_side_by_side_a_bar_chart_and_the_wrong_answers_in_headless_chromium()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        var report = await EvaluateAsync(server);
        using var dir = new TempDirectory("tailor-model-report");
        string file = dir.File("eval.html");
        ModelEvalHtmlReport.WriteFile(file, report, DateTimeOffset.UnixEpoch);
        string html = File.ReadAllText(file);
        Assert.DoesNotContain("<b>not sure</b>", html); // answers are escaped
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);

        var (playwright, browser) = await HeadlessChromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var (page, external) = await HeadlessChromium.OpenOfflineAsync(browser, file);
        Assert.Equal("Model evaluation: cases.jsonl", await page.TitleAsync());
        var rows = await page.Locator("#summary tbody tr").AllInnerTextsAsync();
        Assert.Equal(2, rows.Count);
        Assert.StartsWith("perfect", rows[0]);
        Assert.Contains("0.500", rows[1]);
        Assert.Equal(4, await page.Locator("svg#chart rect.bar").CountAsync()); // 2 variants × (exact_match, token_f1)
        var full = await page.Locator("rect.bar[data-model=perfect][data-metric=token_f1]").BoundingBoxAsync();
        var half = await page.Locator("rect.bar[data-model=half][data-metric=token_f1]").BoundingBoxAsync();
        Assert.NotNull(full);
        Assert.NotNull(half);
        Assert.InRange(half.Width / full.Width, 0.49, 0.51);
        Assert.Equal(3, await page.Locator("table.wrong[data-model=half] tbody tr").CountAsync());
        Assert.Equal(0, await page.Locator("table.wrong[data-model=perfect]").CountAsync());
        Assert.Contains("<b>not sure</b>", await page.Locator("table.wrong[data-model=half] tbody tr").First.InnerTextAsync());
        Assert.Contains("within noise", await page.Locator("#recommendation").InnerTextAsync());
        Assert.Empty(external);
    }
}
