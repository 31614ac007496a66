using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Tailor.Evaluation.Runs;

namespace Tailor.Evaluation.Reports;

/// <summary>
/// Writes an <see cref="EvaluationReport"/> as the CLI's JSON contract:
/// <c>{ "dataset", "documents", "queries", "results": [ { "mode", "ndcg@10", "recall@100", "mrr@10",
/// "map", "p@10", "ingest_seconds", "query_ms_p50", "query_ms_p99" } ] }</c>. Extra cutoffs add
/// <c>ndcg@k</c>, <c>recall@k</c>, <c>mrr@k</c> and <c>p@k</c> keys; a refused mode is
/// <c>{ "mode", "error" }</c>. Metrics are rounded to 4 decimals, times to 3.
/// </summary>
public static class EvaluationJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The report as an indented JSON string.</summary>
    public static string Serialize(EvaluationReport report, IReadOnlyList<int>? extraCutoffs = null)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions)) Write(writer, report, extraCutoffs);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Writes the report as one JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, EvaluationReport report, IReadOnlyList<int>? extraCutoffs = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(report);
        writer.WriteStartObject();
        writer.WriteString("dataset", report.Dataset);
        writer.WriteNumber("documents", report.Documents);
        writer.WriteNumber("queries", report.Queries);
        writer.WriteStartArray("results");
        foreach (var mode in report.Results) WriteMode(writer, mode, extraCutoffs ?? []);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteMode(Utf8JsonWriter writer, ModeEvaluation mode, IReadOnlyList<int> extra)
    {
        writer.WriteStartObject();
        writer.WriteString("mode", mode.Name);
        if (!mode.Succeeded)
        {
            writer.WriteString("error", mode.Error);
            writer.WriteEndObject();
            return;
        }
        writer.WriteNumber("ndcg@10", Metric(mode.Ndcg, 10));
        writer.WriteNumber("recall@100", Metric(mode.Recall, 100));
        writer.WriteNumber("mrr@10", Metric(mode.Mrr, 10));
        writer.WriteNumber("map", Math.Round(mode.Map, 4));
        writer.WriteNumber("p@10", Metric(mode.Precision, 10));
        var written = new HashSet<string>(StringComparer.Ordinal) { "ndcg@10", "recall@100", "mrr@10", "p@10" };
        foreach (int k in extra)
        {
            WriteExtra(writer, written, "ndcg@" + k, mode.Ndcg, k);
            WriteExtra(writer, written, "recall@" + k, mode.Recall, k);
            WriteExtra(writer, written, "mrr@" + k, mode.Mrr, k);
            WriteExtra(writer, written, "p@" + k, mode.Precision, k);
        }
        writer.WriteNumber("ingest_seconds", Math.Round(mode.IngestSeconds, 3));
        writer.WriteNumber("query_ms_p50", Math.Round(mode.QueryMsP50, 3));
        writer.WriteNumber("query_ms_p99", Math.Round(mode.QueryMsP99, 3));
        writer.WriteEndObject();
    }

    private static void WriteExtra(Utf8JsonWriter writer, HashSet<string> written, string key, IReadOnlyDictionary<int, double> values, int k)
    {
        if (written.Add(key) && values.ContainsKey(k)) writer.WriteNumber(key, Metric(values, k));
    }

    private static double Metric(IReadOnlyDictionary<int, double> values, int k) =>
        values.TryGetValue(k, out double v) ? Math.Round(v, 4) : 0;
}
