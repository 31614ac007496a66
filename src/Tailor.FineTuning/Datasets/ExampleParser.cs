using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tailor.FineTuning.Datasets;

/// <summary>
/// Turns one JSON object of a given <see cref="DatasetFormat"/> into a <see cref="TrainingExample"/>,
/// reporting what OpenAI's format checks would reject (errors) or question (warnings).
/// </summary>
public static class ExampleParser
{
    /// <summary>Roles OpenAI accepts in chat fine-tuning data.</summary>
    public static readonly IReadOnlySet<string> ChatRoles = new HashSet<string>(StringComparer.Ordinal) { "system", "developer", "user", "assistant", "tool", "function" };

    private static readonly HashSet<string> ChatTopKeys = new(StringComparer.Ordinal) { "messages", "tools", "functions", "parallel_tool_calls" };
    private static readonly HashSet<string> MessageKeys = new(StringComparer.Ordinal) { "role", "content", "name", "weight", "tool_calls", "tool_call_id", "function_call", "refusal" };
    private static readonly HashSet<string> CompletionKeys = new(StringComparer.Ordinal) { "prompt", "completion" };
    private static readonly HashSet<string> AlpacaKeys = new(StringComparer.Ordinal) { "instruction", "input", "output", "system" };
    private static readonly HashSet<string> ShareGptKeys = new(StringComparer.Ordinal) { "conversations", "system" };
    private static readonly HashSet<string> ShareGptTurnKeys = new(StringComparer.Ordinal) { "from", "value", "weight" };

    /// <summary>ShareGPT speaker names and their chat roles.</summary>
    public static readonly IReadOnlyDictionary<string, string> ShareGptRoles = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["human"] = "user", ["user"] = "user", ["gpt"] = "assistant", ["assistant"] = "assistant",
        ["system"] = "system", ["tool"] = "tool", ["observation"] = "tool", ["function_call"] = "assistant",
    };

    /// <summary>Parses <paramref name="obj"/> from line <paramref name="line"/>; null when it has errors (added to <paramref name="errors"/>).</summary>
    public static TrainingExample? Parse(JsonObject obj, int line, DatasetFormat format, List<DatasetIssue> errors, List<DatasetIssue> warnings)
    {
        var found = new Sink(line, errors, warnings);
        if (FormatDetector.Guess(obj) is { } looks && looks != format)
            found.Error(IssueCodes.FormatMismatch, $"this line looks like {DatasetFormats.Name(looks)} data but the file is read as {DatasetFormats.Name(format)}");
        var messages = format switch
        {
            DatasetFormat.Chat => ParseChat(obj, found),
            DatasetFormat.Completion => ParseCompletion(obj, found),
            DatasetFormat.Alpaca => ParseAlpaca(obj, found),
            DatasetFormat.ShareGpt => ParseShareGpt(obj, found),
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };
        if (messages != null && found.Errors == 0 && !messages.Any(m => m.Role == "assistant"))
            found.Error(IssueCodes.NoAssistantMessage, "the example has no assistant message, so there is nothing to train on");
        return found.Errors == 0 && messages != null ? new TrainingExample(line, messages, obj) : null;
    }

    private sealed class Sink(int line, List<DatasetIssue> errors, List<DatasetIssue> warnings)
    {
        public int Errors { get; private set; }

        public void Error(string code, string message)
        {
            Errors++;
            errors.Add(new DatasetIssue(line, code, message));
        }

        public void Warn(string code, string message) => warnings.Add(new DatasetIssue(line, code, message));
    }

    private static void CheckKeys(JsonObject obj, HashSet<string> known, Sink found, string where, bool error)
    {
        foreach (var (key, _) in obj)
        {
            if (known.Contains(key)) continue;
            var message = $"unknown key \"{key}\" in {where}";
            if (error) found.Error(IssueCodes.UnknownKey, message);
            else found.Warn(IssueCodes.UnknownKey, message + " (not part of the format; 'tailor finetune submit' leaves it out of the upload)");
        }
    }

    private static List<ExampleMessage>? ParseChat(JsonObject obj, Sink found)
    {
        CheckKeys(obj, ChatTopKeys, found, "the example", error: false);
        if (!obj.TryGetPropertyValue("messages", out var node))
        {
            found.Error(IssueCodes.MissingMessages, "the example has no \"messages\" list");
            return null;
        }
        if (node is not JsonArray list)
        {
            found.Error(IssueCodes.MessagesNotList, $"\"messages\" must be a list, found {DatasetReader.Kind(node)}");
            return null;
        }
        if (list.Count == 0)
        {
            found.Error(IssueCodes.EmptyMessages, "\"messages\" is empty");
            return null;
        }
        var messages = new List<ExampleMessage>(list.Count);
        for (int i = 0; i < list.Count; i++)
        {
            var where = $"message {i + 1}";
            if (list[i] is not JsonObject m)
            {
                found.Error(IssueCodes.WrongType, $"{where} must be an object, found {DatasetReader.Kind(list[i])}");
                continue;
            }
            CheckKeys(m, MessageKeys, found, where, error: true);
            if (!m.TryGetPropertyValue("role", out var roleNode) || roleNode is null)
            {
                found.Error(IssueCodes.MissingRole, $"{where} has no \"role\"");
                continue;
            }
            if (!TryString(roleNode, out var role))
            {
                found.Error(IssueCodes.WrongType, $"{where}: \"role\" must be a string, found {DatasetReader.Kind(roleNode)}");
                continue;
            }
            if (!ChatRoles.Contains(role))
            {
                found.Error(IssueCodes.UnknownRole, $"{where} has role \"{role}\"; use system, user, assistant or tool");
                continue;
            }
            bool hasCalls = m["tool_calls"] is not null || m["function_call"] is not null;
            string content = "";
            if (!m.TryGetPropertyValue("content", out var contentNode) || (contentNode is null && !hasCalls))
            {
                if (!hasCalls)
                {
                    found.Error(IssueCodes.MissingContent, $"{where} ({role}) has no \"content\"");
                    continue;
                }
            }
            else if (contentNode != null && !TryContent(contentNode, out content))
            {
                found.Error(IssueCodes.WrongType, $"{where}: \"content\" must be a string or a list of text parts, found {DatasetReader.Kind(contentNode)}");
                continue;
            }
            if (!hasCalls && string.IsNullOrWhiteSpace(content))
            {
                if (role is "system" or "developer") found.Warn(IssueCodes.EmptyContent, $"{where} ({role}) has empty content");
                else found.Error(IssueCodes.EmptyContent, $"{where} ({role}) has empty content");
            }
            string? name = null;
            if (m["name"] is { } nameNode && !TryString(nameNode, out name))
                found.Error(IssueCodes.WrongType, $"{where}: \"name\" must be a string");
            int? weight = null;
            if (m.TryGetPropertyValue("weight", out var weightNode))
            {
                if (weightNode is JsonValue wv && wv.GetValueKind() == JsonValueKind.Number && wv.TryGetValue<double>(out var w) && (w == 0 || w == 1))
                    weight = (int)w;
                else
                    found.Error(IssueCodes.InvalidWeight, $"{where}: \"weight\" must be 0 or 1");
                if (role != "assistant") found.Error(IssueCodes.InvalidWeight, $"{where}: \"weight\" is only allowed on assistant messages");
            }
            string? callId = null;
            if (m["tool_call_id"] is { } idNode && !TryString(idNode, out callId))
                found.Error(IssueCodes.WrongType, $"{where}: \"tool_call_id\" must be a string");
            if (m["tool_calls"] is { } calls && calls is not JsonArray)
                found.Error(IssueCodes.WrongType, $"{where}: \"tool_calls\" must be a list");
            messages.Add(new ExampleMessage(role, content)
            {
                Name = name, Weight = weight, ToolCalls = (m["tool_calls"] ?? m["function_call"])?.DeepClone(), ToolCallId = callId,
            });
        }
        return messages;
    }

    private static List<ExampleMessage>? ParseCompletion(JsonObject obj, Sink found)
    {
        CheckKeys(obj, CompletionKeys, found, "the example", error: false);
        var prompt = RequiredString(obj, "prompt", found, allowEmpty: true);
        var completion = RequiredString(obj, "completion", found, allowEmpty: false);
        if (prompt is null || completion is null) return null;
        return [new ExampleMessage("user", prompt), new ExampleMessage("assistant", completion)];
    }

    private static List<ExampleMessage>? ParseAlpaca(JsonObject obj, Sink found)
    {
        CheckKeys(obj, AlpacaKeys, found, "the example", error: false);
        var instruction = RequiredString(obj, "instruction", found, allowEmpty: false);
        var output = RequiredString(obj, "output", found, allowEmpty: false);
        string? input = OptionalString(obj, "input", found);
        string? system = OptionalString(obj, "system", found);
        if (instruction is null || output is null) return null;
        var messages = new List<ExampleMessage>(3);
        if (!string.IsNullOrEmpty(system)) messages.Add(new ExampleMessage("system", system));
        messages.Add(new ExampleMessage("user", string.IsNullOrEmpty(input) ? instruction : instruction + "\n\n" + input));
        messages.Add(new ExampleMessage("assistant", output));
        return messages;
    }

    private static List<ExampleMessage>? ParseShareGpt(JsonObject obj, Sink found)
    {
        CheckKeys(obj, ShareGptKeys, found, "the example", error: false);
        if (!obj.TryGetPropertyValue("conversations", out var node))
        {
            found.Error(IssueCodes.MissingMessages, "the example has no \"conversations\" list");
            return null;
        }
        if (node is not JsonArray list)
        {
            found.Error(IssueCodes.MessagesNotList, $"\"conversations\" must be a list, found {DatasetReader.Kind(node)}");
            return null;
        }
        if (list.Count == 0)
        {
            found.Error(IssueCodes.EmptyMessages, "\"conversations\" is empty");
            return null;
        }
        var messages = new List<ExampleMessage>(list.Count + 1);
        if (OptionalString(obj, "system", found) is { Length: > 0 } system) messages.Add(new ExampleMessage("system", system));
        for (int i = 0; i < list.Count; i++)
        {
            var where = $"turn {i + 1}";
            if (list[i] is not JsonObject t)
            {
                found.Error(IssueCodes.WrongType, $"{where} must be an object, found {DatasetReader.Kind(list[i])}");
                continue;
            }
            CheckKeys(t, ShareGptTurnKeys, found, where, error: true);
            if (t["from"] is not { } fromNode)
            {
                found.Error(IssueCodes.MissingRole, $"{where} has no \"from\"");
                continue;
            }
            if (!TryString(fromNode, out var from))
            {
                found.Error(IssueCodes.WrongType, $"{where}: \"from\" must be a string");
                continue;
            }
            if (!ShareGptRoles.TryGetValue(from, out var role))
            {
                found.Error(IssueCodes.UnknownRole, $"{where} is from \"{from}\"; use human, gpt, system or tool");
                continue;
            }
            if (!t.TryGetPropertyValue("value", out var valueNode) || valueNode is null)
            {
                found.Error(IssueCodes.MissingContent, $"{where} ({from}) has no \"value\"");
                continue;
            }
            if (!TryString(valueNode, out var value))
            {
                found.Error(IssueCodes.WrongType, $"{where}: \"value\" must be a string, found {DatasetReader.Kind(valueNode)}");
                continue;
            }
            if (string.IsNullOrWhiteSpace(value))
            {
                if (role == "system") found.Warn(IssueCodes.EmptyContent, $"{where} ({from}) has empty content");
                else found.Error(IssueCodes.EmptyContent, $"{where} ({from}) has empty content");
            }
            int? weight = t["weight"] is JsonValue wv && wv.TryGetValue<double>(out var w) && (w == 0 || w == 1) ? (int)w : null;
            messages.Add(new ExampleMessage(role, value) { Weight = role == "assistant" ? weight : null });
        }
        return messages;
    }

    private static string? RequiredString(JsonObject obj, string key, Sink found, bool allowEmpty)
    {
        if (!obj.TryGetPropertyValue(key, out var node) || node is null)
        {
            found.Error(IssueCodes.MissingKey, $"the example has no \"{key}\"");
            return null;
        }
        if (!TryString(node, out var value))
        {
            found.Error(IssueCodes.WrongType, $"\"{key}\" must be a string, found {DatasetReader.Kind(node)}");
            return null;
        }
        if (!allowEmpty && string.IsNullOrWhiteSpace(value))
        {
            found.Error(IssueCodes.EmptyContent, $"\"{key}\" is empty");
            return null;
        }
        return value;
    }

    private static string? OptionalString(JsonObject obj, string key, Sink found)
    {
        if (!obj.TryGetPropertyValue(key, out var node) || node is null) return null;
        if (TryString(node, out var value)) return value;
        found.Error(IssueCodes.WrongType, $"\"{key}\" must be a string, found {DatasetReader.Kind(node)}");
        return null;
    }

    private static bool TryString(JsonNode node, out string value)
    {
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            value = v.GetValue<string>();
            return true;
        }
        value = "";
        return false;
    }

    /// <summary>A content string, or a list of parts whose "text" fields are joined.</summary>
    private static bool TryContent(JsonNode node, out string content)
    {
        if (TryString(node, out content)) return true;
        if (node is not JsonArray parts) return false;
        var text = new StringBuilder();
        foreach (var part in parts)
        {
            if (part is JsonObject p && p["text"] is { } t && TryString(t, out var s)) text.Append(s);
            else if (part is JsonObject p2 && p2["type"] is JsonValue) continue; // images, audio: no text to count
            else return false;
        }
        content = text.ToString();
        return true;
    }
}
