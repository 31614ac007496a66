using System.Text.Json;

namespace Tailor.Examples;

/// <summary>
/// Reads few-shot examples from JSON Lines. Each non-blank line is an object with one of the pairs
/// <c>{input, output}</c>, <c>{question, answer}</c>, <c>{prompt, completion}</c>, or an OpenAI chat
/// record <c>{messages: [...]}</c> (the last assistant message is the output, the user message before
/// it the input); an optional <c>id</c> names the example, an optional <c>document</c> the id of the document it was
/// drawn from (readers who may not read that document are never shown the example). Problems are collected per line, so a
/// caller can report every bad line at once and write nothing.
/// </summary>
public static class ExampleJsonl
{
    private static readonly (string Input, string Output)[] Pairs = [("input", "output"), ("question", "answer"), ("prompt", "completion")];

    /// <summary>Parses <paramref name="reader"/>; <paramref name="errors"/> gets "line N: problem" for each bad line.</summary>
    public static List<ExampleLine> Parse(TextReader reader, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(errors);
        var examples = new List<ExampleLine>();
        int number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            if (TryParseLine(line, number, out var example, out var error)) examples.Add(example);
            else errors.Add($"line {number}: {error}");
        }
        return examples;
    }

    /// <summary>Parses one line; false with a reason when it is not an example.</summary>
    public static bool TryParseLine(string line, int number, out ExampleLine example, out string error)
    {
        example = null!;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            error = $"not valid JSON ({ex.Message.Split(" Path:")[0].Split(" LineNumber:")[0].TrimEnd('.')})";
            return false;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = $"expected a JSON object, found {root.ValueKind.ToString().ToLowerInvariant()}";
                return false;
            }
            string? id = null;
            if (root.TryGetProperty("id", out var idElement))
            {
                if (idElement.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(idElement.GetString()))
                {
                    error = "\"id\" must be a non-empty string";
                    return false;
                }
                id = idElement.GetString()!.Trim();
            }
            string? drawnFrom = null;
            if (root.TryGetProperty("document", out var documentElement))
            {
                if (documentElement.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(documentElement.GetString()))
                {
                    error = "\"document\" must be the id of the document the example was drawn from (a non-empty string)";
                    return false;
                }
                drawnFrom = documentElement.GetString()!.Trim();
            }
            if (root.TryGetProperty("messages", out var messages))
            {
                bool parsed = TryParseMessages(messages, number, id, out example, out error);
                if (parsed) example = example with { Document = drawnFrom };
                return parsed;
            }
            foreach (var (inputName, outputName) in Pairs)
            {
                bool hasInput = root.TryGetProperty(inputName, out var input);
                bool hasOutput = root.TryGetProperty(outputName, out var output);
                if (!hasInput && !hasOutput) continue;
                if (!hasInput || !hasOutput)
                {
                    error = $"has \"{(hasInput ? inputName : outputName)}\" but no \"{(hasInput ? outputName : inputName)}\"";
                    return false;
                }
                if (!IsText(input) || !IsText(output))
                {
                    error = $"\"{inputName}\" and \"{outputName}\" must be non-empty strings";
                    return false;
                }
                example = new ExampleLine(number, id, input.GetString()!.Trim(), output.GetString()!.Trim(), drawnFrom);
                error = "";
                return true;
            }
            var keys = string.Join(", ", root.EnumerateObject().Select(p => p.Name).Take(8));
            error = $"expected {{input, output}}, {{question, answer}}, {{prompt, completion}} or {{messages}}; found {(keys.Length == 0 ? "no fields" : "fields " + keys)}";
            return false;
        }
    }

    private static bool TryParseMessages(JsonElement messages, int number, string? id, out ExampleLine example, out string error)
    {
        example = null!;
        if (messages.ValueKind != JsonValueKind.Array)
        {
            error = "\"messages\" must be an array of {role, content}";
            return false;
        }
        var list = new List<(string Role, string Content)>();
        int index = 0;
        foreach (var m in messages.EnumerateArray())
        {
            index++;
            if (m.ValueKind != JsonValueKind.Object || !m.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String
                || !m.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.String)
            {
                error = $"message {index} needs a string \"role\" and a string \"content\"";
                return false;
            }
            list.Add((role.GetString()!, content.GetString()!));
        }
        int answer = list.FindLastIndex(m => m.Role == "assistant");
        int question = answer < 0 ? -1 : list.FindLastIndex(answer, m => m.Role == "user");
        if (answer < 0 || question < 0)
        {
            error = "\"messages\" needs a user message followed by an assistant message";
            return false;
        }
        if (string.IsNullOrWhiteSpace(list[question].Content) || string.IsNullOrWhiteSpace(list[answer].Content))
        {
            error = "the user and assistant messages must not be empty";
            return false;
        }
        example = new ExampleLine(number, id, list[question].Content.Trim(), list[answer].Content.Trim());
        error = "";
        return true;
    }

    private static bool IsText(JsonElement e) => e.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(e.GetString());
}
