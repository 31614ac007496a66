using System.Text.Json;

namespace Tailor.Server.OpenAi;

/// <summary>A message: its role and content (a string, or an array of parts whose text parts are read).</summary>
public sealed record ChatCompletionMessage
{
    public required string Role { get; init; }

    public JsonElement Content { get; init; }

    public string Text()
    {
        if (Content.ValueKind == JsonValueKind.String) return Content.GetString() ?? "";
        if (Content.ValueKind != JsonValueKind.Array) return "";
        var parts = new List<string>();
        foreach (var part in Content.EnumerateArray())
            if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
                parts.Add(text.GetString()!);
        return string.Join("\n", parts);
    }
}
