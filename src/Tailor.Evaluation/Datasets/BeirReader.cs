using System.Globalization;
using System.Text.Json;

namespace Tailor.Evaluation.Datasets;

/// <summary>
/// Strict readers for the three BEIR files: corpus.jsonl (<c>_id</c>, <c>title</c>, <c>text</c>;
/// extra fields ignored), queries.jsonl (<c>_id</c>, <c>text</c>) and qrels/*.tsv (header
/// <c>query-id corpus-id score</c>, tab-separated, integer grades). Malformed input throws a
/// <see cref="TailorException"/> naming the file, the line and what to fix. Blank lines are skipped.
/// </summary>
public static class BeirReader
{
    /// <summary>Streams the corpus, checking every line (a repeated <c>_id</c> is an error).</summary>
    public static IEnumerable<BeirDocument> ReadCorpus(string path)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        using var reader = new LineReader(path);
        string file = Path.GetFileName(path);
        while (reader.TryReadLine(out var line))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            int n = reader.LineNumber;
            using var json = ParseObject(line, file, n);
            string id = RequiredString(json.RootElement, "_id", file, n);
            string title = OptionalString(json.RootElement, "title", file, n);
            string text = RequiredString(json.RootElement, "text", file, n, allowEmpty: true);
            if (!seen.Add(id)) throw new TailorException($"{file} line {n}: duplicate _id \"{id}\"; give every document a unique _id.");
            yield return new BeirDocument(id, title, text);
        }
    }

    /// <summary>Reads every query (a repeated <c>_id</c> is an error).</summary>
    public static IReadOnlyList<BeirQuery> ReadQueries(string path)
    {
        var queries = new List<BeirQuery>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        using var reader = new LineReader(path);
        string file = Path.GetFileName(path);
        while (reader.TryReadLine(out var line))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            int n = reader.LineNumber;
            using var json = ParseObject(line, file, n);
            string id = RequiredString(json.RootElement, "_id", file, n);
            string text = RequiredString(json.RootElement, "text", file, n);
            if (!seen.Add(id)) throw new TailorException($"{file} line {n}: duplicate query _id \"{id}\"; give every query a unique _id.");
            queries.Add(new BeirQuery(id, text));
        }
        return queries;
    }

    /// <summary>
    /// Reads a qrels file into judgments per query id. A repeated (query, document) pair keeps its
    /// last grade, as BEIR's own loader does.
    /// </summary>
    public static IReadOnlyDictionary<string, Judgments> ReadQrels(string path)
    {
        var grades = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        using var reader = new LineReader(path);
        string file = Path.GetFileName(path);
        bool header = false;
        while (reader.TryReadLine(out var line))
        {
            int n = reader.LineNumber;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var fields = line.Split('\t');
            if (!header)
            {
                if (fields.Length != 3 || fields[0].Trim() != "query-id" || fields[1].Trim() != "corpus-id" || fields[2].Trim() != "score")
                    throw new TailorException($"{file} line {n}: expected the header \"query-id<TAB>corpus-id<TAB>score\"; add it as the first line.");
                header = true;
                continue;
            }
            if (fields.Length != 3)
                throw new TailorException($"{file} line {n}: expected 3 tab-separated fields (query-id, corpus-id, score), found {fields.Length}; separate the fields with single tabs.");
            string queryId = fields[0].Trim(), docId = fields[1].Trim(), scoreText = fields[2].Trim();
            if (queryId.Length == 0) throw new TailorException($"{file} line {n}: empty query-id; fill it in or remove the line.");
            if (docId.Length == 0) throw new TailorException($"{file} line {n}: empty corpus-id; fill it in or remove the line.");
            if (!int.TryParse(scoreText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int score))
                throw new TailorException($"{file} line {n}: score \"{scoreText}\" is not an integer; use graded integer scores (0 = not relevant, 1, 2, ...).");
            if (!grades.TryGetValue(queryId, out var perQuery)) grades[queryId] = perQuery = new Dictionary<string, int>(StringComparer.Ordinal);
            perQuery[docId] = score;
        }
        if (!header) throw new TailorException($"{file} is empty; it needs the header \"query-id<TAB>corpus-id<TAB>score\" and one line per judgment.");
        var result = new Dictionary<string, Judgments>(grades.Count, StringComparer.Ordinal);
        foreach (var (queryId, perQuery) in grades) result[queryId] = new Judgments(perQuery);
        return result;
    }

    private static JsonDocument ParseObject(string line, string file, int n)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            throw new TailorException($"{file} line {n}: not valid JSON ({ex.Message}); write one JSON object per line.", ex);
        }
        if (json.RootElement.ValueKind != JsonValueKind.Object)
        {
            var kind = json.RootElement.ValueKind;
            json.Dispose();
            throw new TailorException($"{file} line {n}: expected a JSON object, found {kind}; write one JSON object per line.");
        }
        return json;
    }

    private static string RequiredString(JsonElement root, string name, string file, int n, bool allowEmpty = false)
    {
        if (!root.TryGetProperty(name, out var value))
            throw new TailorException($"{file} line {n}: missing \"{name}\"; every line needs a string \"{name}\".");
        if (value.ValueKind != JsonValueKind.String)
            throw new TailorException($"{file} line {n}: \"{name}\" is {value.ValueKind}, not a string; write it as a JSON string.");
        string s = value.GetString()!;
        if (!allowEmpty && s.Trim().Length == 0)
            throw new TailorException($"{file} line {n}: \"{name}\" is empty; fill it in or remove the line.");
        return s;
    }

    private static string OptionalString(JsonElement root, string name, string file, int n)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return "";
        if (value.ValueKind != JsonValueKind.String)
            throw new TailorException($"{file} line {n}: \"{name}\" is {value.ValueKind}, not a string; write it as a JSON string.");
        return value.GetString()!;
    }
}
