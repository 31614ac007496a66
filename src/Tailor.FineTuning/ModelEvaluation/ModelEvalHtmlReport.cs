using System.Globalization;
using System.Net;
using System.Text;

namespace Tailor.FineTuning.ModelEvaluation;

/// <summary>
/// A self-contained HTML page for a <see cref="ModelEvalReport"/>: the variants side by side in a
/// table, an inline SVG bar chart of their scores, the recommendation, and per variant the examples
/// it got wrong (and those that failed). It loads nothing from anywhere.
/// </summary>
public static class ModelEvalHtmlReport
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:1040px;color:#1a1a1a;padding:0 16px}
        h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}h3{font-size:15px;margin:18px 0 6px}
        .meta{color:#555;font-size:13px;margin-bottom:12px}.advice{background:#f3f7ee;border:1px solid #cfe0bd;padding:10px 14px;font-size:14px}
        .leak{background:#fff4e5;border:1px solid #f0c890;padding:8px 12px;font-size:13px}
        table{border-collapse:collapse;font-size:13px;margin:6px 0 4px}
        th,td{border:1px solid #d5d5d5;padding:4px 10px;text-align:right;vertical-align:top}
        th{background:#f3f5f8;font-weight:600}td:first-child,th:first-child,td.text{text-align:left}
        table.wrong td{max-width:320px;overflow-wrap:anywhere}.error{color:#a40000}
        """;

    private static readonly string[] Colors = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948"];

    /// <summary>Writes the page to a file (creating its folder).</summary>
    public static void WriteFile(string path, ModelEvalReport report, DateTimeOffset? generated = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(path);
        try
        {
            if (Path.GetDirectoryName(full) is { Length: > 0 } dir) Directory.CreateDirectory(dir);
            File.WriteAllText(full, Render(report, generated), new UTF8Encoding(false));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TailorException($"cannot write the report to {path}: {ex.Message}; choose a writable path.", ex);
        }
    }

    /// <summary>The page as a string.</summary>
    public static string Render(ModelEvalReport report, DateTimeOffset? generated = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var inv = CultureInfo.InvariantCulture;
        var html = new StringBuilder();
        string title = $"Model evaluation: {Path.GetFileName(report.TestFile)}";
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append("<title>").Append(E(title)).Append("</title><style>").Append(Style).Append("</style></head><body>");
        html.Append("<h1>").Append(E(title)).Append("</h1>");
        html.Append(inv, $"<div class=\"meta\">{report.Examples} test examples · compared by {E(report.Metric)}");
        if (report.Labels is { } labels) html.Append(" · labels: ").Append(E(string.Join(", ", labels)));
        if (report.Judge is { } judge) html.Append(" · judge ").Append(E(judge));
        if (generated is { } when) html.Append(inv, $" · generated {when.UtcDateTime:yyyy-MM-dd HH:mm} UTC");
        html.Append("</div>");
        html.Append("<p class=\"advice\" id=\"recommendation\">").Append(E(report.Recommendation.Text)).Append("</p>");
        if (report.Leaks.Count > 0)
        {
            html.Append(inv, $"<p class=\"leak\" id=\"leakage\">Leakage: {report.Leaks.Count} test example(s) are also in the few-shot examples file: ");
            html.Append(E(string.Join(", ", report.Leaks.Select(l => $"test line {l.TestLine} = examples line {l.ExampleLine}")))).Append(".</p>");
        }

        bool hasLabels = report.Labels != null, hasJson = report.JsonReferences, hasJudge = report.Results.Any(r => r.JudgeScore != null);
        html.Append("<h2>Variants side by side</h2><table id=\"summary\"><thead><tr><th>model</th><th>variant</th><th>answered</th><th>failed</th><th>exact_match</th><th>token_f1</th>");
        if (hasLabels) html.Append("<th>accuracy</th>");
        if (hasJson) html.Append("<th>json_valid</th>");
        if (hasJudge) html.Append("<th>judge_score</th>");
        html.Append("<th>tokens in/out</th><th>cost_usd</th><th>$ per 1k</th><th>p50 ms</th><th>p95 ms</th></tr></thead><tbody>");
        foreach (var r in report.Results)
        {
            html.Append("<tr data-model=\"").Append(E(r.Model)).Append("\" data-variant=\"").Append(E(r.Variant)).Append("\">");
            html.Append("<td>").Append(E(r.Model)).Append("</td><td class=\"text\">").Append(E(r.Variant)).Append("</td>");
            html.Append(inv, $"<td>{r.Answered}</td><td>{r.Failed}</td><td>{r.ExactMatch:0.000}</td><td>{r.TokenF1:0.000}</td>");
            if (hasLabels) html.Append(inv, $"<td>{r.Accuracy:0.000}</td>");
            if (hasJson) html.Append(inv, $"<td>{r.JsonValid:0.000}</td>");
            if (hasJudge) html.Append("<td>").Append(r.JudgeScore is { } s ? s.ToString("0.00", inv) : "-").Append("</td>");
            html.Append(inv, $"<td>{r.PromptTokens}/{r.CompletionTokens}</td>");
            html.Append("<td>").Append(r.CostUsd is { } c ? c.ToString("0.######", inv) : "-").Append("</td>");
            html.Append("<td>").Append(r.CostPer1000 is { } k ? k.ToString("0.####", inv) : "-").Append("</td>");
            html.Append(inv, $"<td>{r.LatencyMsP50:0}</td><td>{r.LatencyMsP95:0}</td></tr>");
        }
        html.Append("</tbody></table>");

        html.Append("<h2>Scores</h2>");
        AppendChart(html, report, hasLabels);

        if (report.Labels is { } set)
        {
            foreach (var r in report.Results.Where(r => r.Confusion != null && r.Answered > 0))
            {
                html.Append("<h3>Confusion: ").Append(E($"{r.Model} {r.Variant}")).Append("</h3><table class=\"confusion\"><thead><tr><th>reference \\ answer</th>");
                var columns = set.Append(ModelEvaluator.LabelOther).ToList();
                foreach (var c in columns) html.Append("<th>").Append(E(c)).Append("</th>");
                html.Append("</tr></thead><tbody>");
                foreach (var label in set)
                {
                    html.Append("<tr><td>").Append(E(label)).Append("</td>");
                    foreach (var c in columns) html.Append(inv, $"<td>{(r.Confusion![label].TryGetValue(c, out var n) ? n : 0)}</td>");
                    html.Append("</tr>");
                }
                html.Append("</tbody></table>");
            }
        }

        html.Append("<h2>Examples each variant got wrong</h2>");
        foreach (var r in report.Results)
        {
            var wrong = report.Items.Where(i => i.Model == r.Model && i.Variant == r.Variant && (i.Failed || !i.ExactMatch)).OrderBy(i => i.Line).ToList();
            html.Append("<h3>").Append(E($"{r.Model} {r.Variant}")).Append(inv, $": {wrong.Count} of {r.Examples}</h3>");
            if (wrong.Count == 0) continue;
            html.Append("<table class=\"wrong\" data-model=\"").Append(E(r.Model)).Append("\" data-variant=\"").Append(E(r.Variant)).Append("\"><thead><tr><th>line</th><th>question</th><th>reference</th><th>answer</th><th>token_f1</th></tr></thead><tbody>");
            foreach (var i in wrong.Take(200))
            {
                html.Append(inv, $"<tr><td>{i.Line}</td><td class=\"text\">").Append(E(Shorten(i.Question, 300))).Append("</td><td class=\"text\">").Append(E(Shorten(i.Reference, 300))).Append("</td>");
                if (i.Failed) html.Append("<td class=\"text error\">failed: ").Append(E(i.Error ?? "")).Append("</td><td>-</td></tr>");
                else html.Append("<td class=\"text\">").Append(E(Shorten(i.Answer!, 300))).Append(inv, $"</td><td>{i.TokenF1:0.00}</td></tr>");
            }
            html.Append("</tbody></table>");
            if (wrong.Count > 200) html.Append(inv, $"<p class=\"meta\">... {wrong.Count - 200} more in the JSON output.</p>");
        }
        html.Append("</body></html>\n");
        return html.ToString();
    }

    /// <summary>Grouped horizontal bars: per model and variant, exact match, token F1 and (labels) accuracy or (judge) judge score / 5.</summary>
    private static void AppendChart(StringBuilder html, ModelEvalReport report, bool hasLabels)
    {
        var inv = CultureInfo.InvariantCulture;
        var metrics = new List<(string Name, Func<VariantResult, double> Value)> { ("exact_match", r => r.ExactMatch), ("token_f1", r => r.TokenF1) };
        if (hasLabels) metrics.Add(("accuracy", r => r.Accuracy ?? 0));
        if (report.Results.Any(r => r.JudgeScore != null)) metrics.Add(("judge_score / 5", r => (r.JudgeScore ?? 0) / 5));
        const int labelWidth = 260, barWidth = 560, barHeight = 14, gap = 10;
        int groupHeight = metrics.Count * barHeight + gap;
        int height = report.Results.Count * groupHeight + 40;
        html.Append(inv, $"<svg id=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{labelWidth + barWidth + 60}\" height=\"{height}\" role=\"img\" aria-label=\"scores per model and variant\">");
        int y = 0;
        foreach (var r in report.Results)
        {
            html.Append(inv, $"<text x=\"0\" y=\"{y + groupHeight / 2}\" font-size=\"12\">").Append(E($"{r.Model} {r.Variant}")).Append("</text>");
            for (int m = 0; m < metrics.Count; m++)
            {
                double v = Math.Clamp(metrics[m].Value(r), 0, 1);
                int by = y + m * barHeight;
                html.Append(inv, $"<rect class=\"bar\" data-metric=\"{E(metrics[m].Name)}\" data-model=\"{E(r.Model)}\" data-variant=\"{E(r.Variant)}\" data-value=\"{v:0.000}\" x=\"{labelWidth}\" y=\"{by}\" width=\"{v * barWidth:0.0}\" height=\"{barHeight - 2}\" fill=\"{Colors[m % Colors.Length]}\"/>");
                html.Append(inv, $"<text x=\"{labelWidth + v * barWidth + 4:0.0}\" y=\"{by + barHeight - 3}\" font-size=\"11\">{v:0.000}</text>");
            }
            y += groupHeight;
        }
        int ly = y + 16, lx = labelWidth;
        for (int m = 0; m < metrics.Count; m++)
        {
            html.Append(inv, $"<rect x=\"{lx}\" y=\"{ly - 10}\" width=\"12\" height=\"12\" fill=\"{Colors[m % Colors.Length]}\"/><text x=\"{lx + 16}\" y=\"{ly}\" font-size=\"12\">{E(metrics[m].Name)}</text>");
            lx += 130;
        }
        html.Append("</svg>");
    }

    private static string Shorten(string text, int max) => text.Length > max ? text[..(max - 1)] + "…" : text;

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
