using System.Text.Json.Nodes;
using Tailor.FineTuning.Datasets;

namespace Tailor.FineTuning.Conversion;

/// <summary>
/// Writes examples in any <see cref="DatasetFormat"/>. Chat and ShareGPT hold any conversation;
/// prompt/completion holds one user turn and one assistant turn (a system message leads the prompt); Alpaca holds an optional system
/// message, one user turn (as "instruction") and one assistant turn (as "output"). Examples a target
/// cannot hold are reported, never silently changed.
/// </summary>
public static class DatasetConverter
{
    /// <summary>Top-level keys of chat examples besides "messages" that OpenAI accepts and a chat-to-chat rewrite keeps.</summary>
    private static readonly string[] ChatExtras = ["tools", "functions", "parallel_tool_calls"];

    /// <summary>The JSON object for <paramref name="example"/> in <paramref name="format"/>, or null with the reason.</summary>
    public static JsonObject? TryConvert(TrainingExample example, DatasetFormat format, out string? reason)
    {
        reason = null;
        var m = example.Messages;
        switch (format)
        {
            case DatasetFormat.Chat:
                var chat = new JsonObject { ["messages"] = new JsonArray(m.Select(ToChat).ToArray()) };
                foreach (var key in ChatExtras)
                    if (example.Source.TryGetPropertyValue(key, out var extra) && extra != null && example.Source.ContainsKey("messages")) chat[key] = extra.DeepClone();
                return chat;
            case DatasetFormat.ShareGpt:
                if (m.Any(x => x.ToolCalls != null)) { reason = "tool calls have no ShareGPT form"; return null; }
                var turns = new JsonArray();
                foreach (var x in m)
                {
                    var turn = new JsonObject { ["from"] = ShareGptName(x.Role), ["value"] = x.Content };
                    if (x.Weight is { } w) turn["weight"] = w;
                    turns.Add(turn);
                }
                return new JsonObject { ["conversations"] = turns };
            case DatasetFormat.Completion:
            {
                int first = m.Count == 3 && m[0].Role is "system" or "developer" ? 1 : 0;
                if (m.Count - first != 2 || m[first].Role != "user" || m[first + 1].Role != "assistant" || m[first + 1].ToolCalls != null)
                {
                    reason = "prompt/completion holds one user message (after an optional system message) followed by one assistant message";
                    return null;
                }
                // A system message has no field of its own here: it leads the prompt.
                var prompt = first == 1 ? m[0].Content + "\n\n" + m[1].Content : m[0].Content;
                return new JsonObject { ["prompt"] = prompt, ["completion"] = m[first + 1].Content };
            }
            case DatasetFormat.Alpaca:
                int start = m.Count == 3 && m[0].Role is "system" or "developer" ? 1 : 0;
                if (m.Count - start != 2 || m[start].Role != "user" || m[start + 1].Role != "assistant" || m[start + 1].ToolCalls != null)
                {
                    reason = "Alpaca holds an optional system message, one user message and one assistant message";
                    return null;
                }
                var alpaca = new JsonObject { ["instruction"] = m[start].Content, ["input"] = "", ["output"] = m[start + 1].Content };
                if (start == 1) alpaca["system"] = m[0].Content;
                return alpaca;
            default:
                throw new ArgumentOutOfRangeException(nameof(format));
        }
    }

    private static JsonNode ToChat(ExampleMessage x)
    {
        var o = new JsonObject { ["role"] = x.Role };
        o["content"] = x.ToolCalls != null && x.Content.Length == 0 ? null : x.Content;
        if (x.Name != null) o["name"] = x.Name;
        if (x.ToolCalls != null) o["tool_calls"] = x.ToolCalls.DeepClone();
        if (x.ToolCallId != null) o["tool_call_id"] = x.ToolCallId;
        if (x.Weight is { } w) o["weight"] = w;
        return o;
    }

    private static string ShareGptName(string role) => role switch
    {
        "user" => "human",
        "assistant" => "gpt",
        "system" or "developer" => "system",
        _ => "tool",
    };
}
