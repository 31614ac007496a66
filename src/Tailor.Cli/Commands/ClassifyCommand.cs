using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Tailor.FineTuning.Classification;

namespace Tailor.Cli.Commands;

/// <summary><c>tailor classify --model MODEL TEXT|FILE|-</c>: labels a text, or every line of a file, with a model from <c>tailor train classifier</c>.</summary>
internal static class ClassifyCommand
{
    /// <summary>The CLI's JSON settings on one line: --json writes one object per input line.</summary>
    private static readonly JsonSerializerOptions Compact = new(CliJson.Options) { WriteIndented = false };

    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model folder written by `tailor train classifier --out`.", Required = true };
        var input = new Argument<string>("input") { Description = "A text to classify; or a file, classified line by line (a .jsonl file's lines give their \"text\"); or '-' for standard input, line by line." };
        var json = new Option<bool>("--json") { Description = "Write one JSON object per input line: {\"label\", \"probabilities\"}." };
        var command = new Command("classify", "Label texts with a locally trained classifier: the most probable label and, with --json, every label's probability.")
        {
            model, input, json,
        };
        command.SetAction(parse =>
        {
            var classifier = TextClassifier.Load(parse.GetValue(model)!, EmbedderHost.Resolve);
            string value = parse.GetValue(input)!;
            bool asJson = parse.GetValue(json);
            if (value == "-")
            {
                string? line;
                while ((line = Console.In.ReadLine()) != null) Write(classifier, line, asJson);
            }
            else if (File.Exists(value))
            {
                // A file is classified a block of lines at a time, so a server embedding model gets batched requests.
                bool jsonl = Path.GetExtension(value).Equals(".jsonl", StringComparison.OrdinalIgnoreCase);
                int number = 0;
                var block = new List<string>(BlockLines);
                foreach (var line in ReadLines(value))
                {
                    number++;
                    block.Add(jsonl ? TextOf(line, value, number) : line);
                    if (block.Count == BlockLines) WriteBlock(classifier, block, asJson);
                }
                WriteBlock(classifier, block, asJson);
            }
            else
            {
                Write(classifier, value, asJson);
            }
            return 0;
        });
        return command;
    }

    private static IEnumerable<string> ReadLines(string path)
    {
        try
        {
            return File.ReadLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TailorException($"Cannot read {path}: {ex.Message}", ex);
        }
    }

    private static string TextOf(string line, string path, int number)
    {
        if (string.IsNullOrWhiteSpace(line)) return "";
        try
        {
            using var document = JsonDocument.Parse(line);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
                return text.GetString()!;
        }
        catch (JsonException ex)
        {
            throw new TailorException($"{path}:{number}: invalid JSON ({ex.Message}). A .jsonl input needs one object with a \"text\" string per line.");
        }
        throw new TailorException($"{path}:{number}: no \"text\" string. A .jsonl input needs one object with a \"text\" string per line.");
    }

    private const int BlockLines = 512;

    private static void WriteBlock(TextClassifier classifier, List<string> block, bool asJson)
    {
        if (block.Count == 0) return;
        foreach (var prediction in classifier.PredictAll(block)) Write(prediction, asJson);
        block.Clear();
    }

    private static void Write(TextClassifier classifier, string text, bool asJson) => Write(classifier.Predict(text), asJson);

    private static void Write(Prediction prediction, bool asJson)
    {
        if (asJson)
        {
            var probabilities = prediction.Probabilities.ToDictionary(p => p.Key, p => Math.Round(p.Value, 6));
            Console.Out.WriteLine(JsonSerializer.Serialize(new ClassifyJson(prediction.Label, probabilities), Compact));
            return;
        }
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{prediction.Label}\t{prediction.Probabilities[prediction.Label]:0.0000}"));
    }

    private sealed record ClassifyJson(string Label, Dictionary<string, double> Probabilities);
}
