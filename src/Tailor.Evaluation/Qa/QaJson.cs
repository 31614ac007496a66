using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Tailor.Evaluation.Qa;

/// <summary>
/// Writes a <see cref="QaReport"/> as JSON: <c>{ "questions", "k", "hit@k", "answer_contains",
/// "cites_expected", "citations_valid", "found", "results": [ { "line", "question", "hit", "hit_rank", "answer_contains", "cites_expected",
/// "citations_valid", "citations", "invalid_citations", "found", "answer" } ] }</c>; rates rounded to 4 decimals.
/// </summary>
public static class QaJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Serialize(QaReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteNumber("questions", report.Questions);
            w.WriteNumber("k", report.K);
            w.WriteNumber("hit@k", Math.Round(report.HitAtK, 4));
            w.WriteNumber("answer_contains", Math.Round(report.AnswerContains, 4));
            w.WriteNumber("cites_expected", Math.Round(report.CitesExpected, 4));
            w.WriteNumber("citations_valid", Math.Round(report.CitationsValid, 4));
            w.WriteNumber("found", Math.Round(report.Found, 4));
            w.WriteStartArray("results");
            foreach (var r in report.Results)
            {
                w.WriteStartObject();
                w.WriteNumber("line", r.Line);
                w.WriteString("question", r.Question);
                WriteNullable(w, "hit", r.Hit);
                if (r.HitRank is { } rank) w.WriteNumber("hit_rank", rank); else w.WriteNull("hit_rank");
                WriteNullable(w, "answer_contains", r.AnswerContains);
                WriteNullable(w, "cites_expected", r.CitesExpected);
                w.WriteBoolean("citations_valid", r.CitationsValid);
                w.WriteNumber("citations", r.Citations);
                w.WriteStartArray("invalid_citations");
                foreach (int n in r.InvalidCitations) w.WriteNumberValue(n);
                w.WriteEndArray();
                w.WriteBoolean("found", r.Found);
                w.WriteString("answer", r.Answer);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, bool? value)
    {
        if (value is { } v) w.WriteBoolean(name, v); else w.WriteNull(name);
    }
}
