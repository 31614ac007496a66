using System.Text.Json;
using Tailor.Evaluation.Datasets;

namespace Tailor.Evaluation.Qa;

/// <summary>
/// Reads a question file: JSON Lines of <c>{"question": "...", "expected_sources": ["..."], "answer": "..."}</c>
/// (<c>answer</c> optional). Strict: a malformed line throws <see cref="TailorException"/> naming the file and line.
/// </summary>
public static class QaQuestionReader
{
    public static IReadOnlyList<QaQuestion> Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new TailorException($"question file {path} does not exist; pass a JSONL file with one {{\"question\", \"expected_sources\", \"answer\"}} object per line.");
        string file = Path.GetFileName(path);
        var questions = new List<QaQuestion>();
        using var reader = new LineReader(path);
        while (reader.TryReadLine(out var line))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            questions.Add(Parse(line, file, reader.LineNumber));
        }
        if (questions.Count == 0) throw new TailorException($"{file} holds no questions; add one JSON object per line.");
        return questions;
    }

    /// <summary>Parses one line; throws <see cref="TailorException"/> naming the file and line when it is malformed.</summary>
    public static QaQuestion Parse(string line, string file, int lineNumber)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            throw new TailorException($"{file} line {lineNumber}: not valid JSON ({ex.Message}); write one JSON object per line.", ex);
        }
        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new TailorException($"{file} line {lineNumber}: expected a JSON object, found {root.ValueKind}; write one JSON object per line.");
            if (!root.TryGetProperty("question", out var q) || q.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(q.GetString()))
                throw new TailorException($"{file} line {lineNumber}: \"question\" must be a non-empty string; add the question text.");
            var sources = new List<string>();
            if (root.TryGetProperty("expected_sources", out var s) && s.ValueKind != JsonValueKind.Null)
            {
                if (s.ValueKind != JsonValueKind.Array)
                    throw new TailorException($"{file} line {lineNumber}: \"expected_sources\" must be an array of strings, like [\"handbook/vacation.md\"].");
                foreach (var item in s.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()))
                        throw new TailorException($"{file} line {lineNumber}: every entry of \"expected_sources\" must be a non-empty string (a document id, path or URL).");
                    sources.Add(item.GetString()!);
                }
            }
            else
            {
                throw new TailorException($"{file} line {lineNumber}: missing \"expected_sources\"; give the document ids or paths that answer the question ([] if none).");
            }
            string? answer = null;
            if (root.TryGetProperty("answer", out var a) && a.ValueKind != JsonValueKind.Null)
            {
                if (a.ValueKind != JsonValueKind.String)
                    throw new TailorException($"{file} line {lineNumber}: \"answer\" must be a string (a phrase the answer should contain).");
                answer = a.GetString();
                if (string.IsNullOrWhiteSpace(answer)) answer = null;
            }
            return new QaQuestion(q.GetString()!, sources, answer, lineNumber);
        }
    }
}
