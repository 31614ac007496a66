using System.Globalization;
using System.Net;
using System.Text;
using Tailor.Evaluation.Runs;

namespace Tailor.Evaluation.Reports;

/// <summary>
/// A self-contained HTML page for an <see cref="EvaluationReport"/>: inline CSS, a summary table,
/// a table per mode (nDCG@k, Recall@k, MRR@k, P@k by cutoff) and an inline SVG recall plot.
/// It loads nothing from anywhere.
/// </summary>
public static class HtmlReport
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:980px;color:#1a1a1a;padding:0 16px}
        h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
        .meta{color:#555;font-size:13px;margin-bottom:12px}
        table{border-collapse:collapse;font-size:13px;margin:6px 0 4px}
        th,td{border:1px solid #d5d5d5;padding:4px 10px;text-align:right}
        th{background:#f3f5f8;font-weight:600}td:first-child,th:first-child{text-align:left}
        .modes{display:flex;flex-wrap:wrap;gap:8px 28px}.modes h2{margin-top:18px}.error{color:#a40000}.plot{margin-top:8px}.notes{color:#555;font-size:12px;margin-top:24px;line-height:1.5}
        """;

    /// <summary>Writes the page to a file (creating its folder).</summary>
    public static void WriteFile(string path, EvaluationReport report, DateTimeOffset? generated = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(path);
        string? dir = Path.GetDirectoryName(full);
        try
        {
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
            File.WriteAllText(full, Render(report, generated), new UTF8Encoding(false));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TailorException($"cannot write the report to {path}: {ex.Message}; choose a writable path.", ex);
        }
    }

    /// <summary>The page as a string.</summary>
    public static string Render(EvaluationReport report, DateTimeOffset? generated = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var inv = CultureInfo.InvariantCulture;
        var html = new StringBuilder();
        string title = $"Retrieval quality: {report.Dataset}";
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append("<title>").Append(E(title)).Append("</title><style>").Append(Style).Append("</style></head><body>");
        html.Append("<h1>").Append(E(title)).Append("</h1>");
        html.Append(inv, $"<div class=\"meta\">{report.Documents} documents · {report.Queries} judged queries");
        if (generated is { } when) html.Append(inv, $" · generated {when.UtcDateTime:yyyy-MM-dd HH:mm} UTC");
        html.Append("</div>");

        html.Append("<h2>Summary</h2><table id=\"summary\"><thead><tr><th>mode</th><th>nDCG@10</th><th>Recall@100</th><th>MRR@10</th><th>MAP</th><th>P@10</th><th>ingest s</th><th>query ms p50</th><th>query ms p99</th></tr></thead><tbody>");
        foreach (var mode in report.Results)
        {
            html.Append("<tr data-mode=\"").Append(E(mode.Name)).Append("\"><td>").Append(E(mode.Name)).Append("</td>");
            if (!mode.Succeeded)
            {
                html.Append("<td colspan=\"8\" class=\"error\">").Append(E(mode.Error!)).Append("</td></tr>");
                continue;
            }
            html.Append(inv, $"<td>{Get(mode.Ndcg, 10):0.0000}</td><td>{Get(mode.Recall, 100):0.0000}</td><td>{Get(mode.Mrr, 10):0.0000}</td><td>{mode.Map:0.0000}</td><td>{Get(mode.Precision, 10):0.0000}</td>");
            html.Append(inv, $"<td>{mode.IngestSeconds:0.00}</td><td>{mode.QueryMsP50:0.00}</td><td>{mode.QueryMsP99:0.00}</td></tr>");
        }
        html.Append("</tbody></table>");

        html.Append("<h2>Recall against k</h2><div class=\"plot\">").Append(RecallPlot.Render(report.Results)).Append("</div>");

        html.Append("<div class=\"modes\">");
        foreach (var mode in report.Results)
        {
            html.Append("<section><h2>Mode: ").Append(E(mode.Name)).Append("</h2>");
            if (!mode.Succeeded)
            {
                html.Append("<p class=\"error\">Not evaluated: ").Append(E(mode.Error!)).Append("</p></section>");
                continue;
            }
            html.Append("<table class=\"mode\" data-mode=\"").Append(E(mode.Name)).Append("\"><thead><tr><th>k</th><th>nDCG@k</th><th>Recall@k</th><th>MRR@k</th><th>P@k</th></tr></thead><tbody>");
            foreach (int k in mode.Cutoffs)
            {
                html.Append(inv, $"<tr><td>{k}</td><td>{Get(mode.Ndcg, k):0.0000}</td><td>{Get(mode.Recall, k):0.0000}</td><td>{Get(mode.Mrr, k):0.0000}</td><td>{Get(mode.Precision, k):0.0000}</td></tr>");
            }
            html.Append(inv, $"</tbody></table><div class=\"meta\">MAP {mode.Map:0.0000} · ingest {mode.IngestSeconds:0.00} s<br>query latency p50 {mode.QueryMsP50:0.00} ms, p99 {mode.QueryMsP99:0.00} ms</div></section>");
        }
        html.Append("</div>");

        html.Append("<div class=\"notes\">Metrics follow trec_eval: nDCG@k as ndcg_cut (gain = grade, discount 1/log2(rank+1), ideal from all judged relevant documents); ")
            .Append("Recall@k, P@k (divided by k), MRR@k (first relevant within k), MAP (non-interpolated). ")
            .Append("Chunk hits are collapsed to documents (best chunk's score); ties are ordered by document id descending. ")
            .Append("Means are over the queries with at least one relevant judgment.</div>");
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static double Get(IReadOnlyDictionary<int, double> values, int k) => values.TryGetValue(k, out double v) ? v : 0;

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
