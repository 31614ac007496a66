using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tailor.FineTuning.Datasets;

/// <summary>
/// Reads a JSONL dataset line by line: each non-blank line must be one JSON object; the format is
/// detected from the first valid lines unless given; each object is parsed into a
/// <see cref="TrainingExample"/> by <see cref="ExampleParser"/>, problems collected by line.
/// </summary>
public static class DatasetReader
{
    /// <summary>How many leading objects the format is detected from.</summary>
    public const int DetectionSample = 50;

    /// <summary>Reads <paramref name="path"/>; <paramref name="format"/> null detects it.</summary>
    public static DatasetFile Read(string path, DatasetFormat? format = null)
    {
        string[] lines;
        try { lines = File.ReadAllLines(path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TailorException($"Cannot read the dataset {path}: {ex.Message}", ex);
        }
        return Parse(path, lines, format);
    }

    /// <summary>Parses the lines of a dataset named <paramref name="path"/> (for messages).</summary>
    public static DatasetFile Parse(string path, IReadOnlyList<string> lines, DatasetFormat? format = null)
    {
        var errors = new List<DatasetIssue>();
        var warnings = new List<DatasetIssue>();
        var objects = new List<(int Line, JsonObject Obj)>();
        int nonBlank = 0;
        for (int i = 0; i < lines.Count; i++)
        {
            var text = lines[i];
            if (i == 0 && text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
            if (string.IsNullOrWhiteSpace(text)) continue;
            nonBlank++;
            int line = i + 1;
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false });
            }
            catch (JsonException ex)
            {
                errors.Add(new DatasetIssue(line, IssueCodes.InvalidJson, $"not valid JSON: {ex.Message}"));
                continue;
            }
            if (node is not JsonObject obj)
            {
                errors.Add(new DatasetIssue(line, IssueCodes.NotObject, $"each line must be one JSON object, found {Kind(node)}"));
                continue;
            }
            objects.Add((line, obj));
        }
        if (nonBlank == 0) errors.Add(new DatasetIssue(0, IssueCodes.EmptyFile, "the file holds no examples (no non-blank lines)"));

        bool detected = format is null;
        var chosen = format ?? FormatDetector.Detect(objects.Take(DetectionSample).Select(o => o.Obj));
        var examples = new List<TrainingExample>(objects.Count);
        foreach (var (line, obj) in objects)
        {
            var example = ExampleParser.Parse(obj, line, chosen, errors, warnings);
            if (example != null) examples.Add(example);
        }
        errors.Sort((a, b) => a.Line.CompareTo(b.Line));
        warnings.Sort((a, b) => a.Line.CompareTo(b.Line));
        return new DatasetFile(path, chosen, detected, nonBlank, examples, errors, warnings);
    }

    internal static string Kind(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "an object",
        JsonArray => "an array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            _ => "null",
        },
        _ => "a value",
    };
}
