using System.Globalization;
using Tailor.FineTuning.ModelEvaluation;

namespace Tailor.Cli.Commands.Finetune;

/// <summary>The plain-text output of <c>finetune eval</c>: a Markdown table of the variants, label details, leakage, failures and the recommendation.</summary>
internal static class ModelEvalText
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Write(TextWriter output, ModelEvalReport report, string? cache, string? html)
    {
        output.WriteLine($"{report.TestFile}: {report.Examples} test examples; compared by {report.Metric}"
            + (report.Labels is { } l ? $" (labels: {string.Join(", ", l)})" : "") + (report.Judge is { } j ? $"; judge {j}" : ""));
        output.WriteLine();
        var header = new List<string> { "model", "variant", "answered", "failed", "exact_match", "token_f1" };
        bool labels = report.Labels != null, json = report.JsonReferences, judge = report.Results.Any(r => r.JudgeScore != null);
        if (labels) header.Add("accuracy");
        if (json) header.Add("json_valid");
        if (judge) header.Add("judge_score");
        header.AddRange(["tokens in/out", "cost_usd", "$ per 1k", "p50 ms", "p95 ms"]);
        var rows = new List<List<string>>();
        foreach (var r in report.Results)
        {
            var row = new List<string> { r.Model, r.Variant, N(r.Answered), N(r.Failed), F(r.ExactMatch), F(r.TokenF1) };
            if (labels) row.Add(F(r.Accuracy));
            if (json) row.Add(F(r.JsonValid));
            if (judge) row.Add(r.JudgeScore is { } s ? s.ToString("0.00", Inv) : "-");
            row.Add($"{r.PromptTokens.ToString(Inv)}/{r.CompletionTokens.ToString(Inv)}");
            row.Add(r.CostUsd is { } c ? c.ToString("0.######", Inv) : "-");
            row.Add(r.CostPer1000 is { } k ? k.ToString("0.####", Inv) : "-");
            row.Add(r.LatencyMsP50.ToString("0", Inv));
            row.Add(r.LatencyMsP95.ToString("0", Inv));
            rows.Add(row);
        }
        WriteTable(output, header, rows);
        if (labels)
        {
            output.WriteLine();
            foreach (var r in report.Results.Where(r => r.Labels != null && r.Answered > 0))
            {
                var parts = r.Labels!.Select(m => $"{m.Label} P {m.Precision.ToString("0.00", Inv)} R {m.Recall.ToString("0.00", Inv)} (n={m.Support})");
                output.WriteLine($"{r.Model} {r.Variant}: {string.Join(" · ", parts)}");
            }
        }
        var failed = report.Items.Where(i => i.Failed).ToList();
        if (failed.Count > 0)
        {
            output.WriteLine();
            output.WriteLine($"failed: {failed.Count} request(s) got no answer after retries (not counted as wrong; a re-run asks them again):");
            foreach (var f in failed.Take(10)) output.WriteLine($"  line {f.Line} {f.Model} {f.Variant}: {f.Error}");
            if (failed.Count > 10) output.WriteLine($"  ... {failed.Count - 10} more (--json lists them all)");
        }
        if (report.Leaks.Count > 0)
        {
            output.WriteLine();
            output.WriteLine($"leakage: {report.Leaks.Count} test example(s) are also in the few-shot examples file (their question, normalized as `finetune split` does); they were never shown as their own example, but remove them from one of the files for a fair test:");
            output.WriteLine("  " + string.Join(", ", report.Leaks.Take(20).Select(x => $"test line {x.TestLine} = examples line {x.ExampleLine}{(x.SameAnswer ? "" : " (other answer)")}")) + (report.Leaks.Count > 20 ? ", ..." : ""));
        }
        output.WriteLine();
        output.WriteLine("recommendation: " + report.Recommendation.Text);
        int cached = report.Items.Count(i => i.Cached);
        if (cache != null) output.WriteLine($"answers cached in {cache} ({cached} of {report.Items.Count} reused from an earlier run)");
        if (html != null) output.WriteLine($"report: {Path.GetFullPath(html)}");
    }

    private static void WriteTable(TextWriter output, List<string> header, List<List<string>> rows)
    {
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        string Line(IReadOnlyList<string> cells) => "| " + string.Join(" | ", cells.Select((c, i) => i < 2 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))) + " |";
        output.WriteLine(Line(header));
        output.WriteLine("|" + string.Join("|", widths.Select((w, i) => i < 2 ? new string('-', w + 2) : new string('-', w + 1) + ":")) + "|");
        foreach (var row in rows) output.WriteLine(Line(row));
    }

    private static string N(int n) => n.ToString(Inv);

    private static string F(double? v) => v is { } x ? x.ToString("0.000", Inv) : "-";
}
