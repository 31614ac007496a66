using System.Text.Json.Nodes;

namespace Tailor.Testing.OpenAi;

/// <summary>A parsed <c>/chat/completions</c> request, handed to <see cref="OpenAiTestServer.ChatReply"/>.</summary>
public sealed record ChatRequest(
    string Model,
    IReadOnlyList<(string Role, string Content)> Messages,
    bool Stream,
    int? MaxTokens,
    double? Temperature,
    JsonObject Json)
{
    /// <summary>The content of the last user message.</summary>
    public string LastUser => Messages.LastOrDefault(m => m.Role == "user").Content ?? "";

    /// <summary>The system message(s), joined.</summary>
    public string System => string.Join("\n", Messages.Where(m => m.Role is "system" or "developer").Select(m => m.Content));
}
