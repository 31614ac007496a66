using System.Text.Json.Nodes;

namespace Tailor.FineTuning.Datasets;

/// <summary>
/// One example of a dataset, read from line <see cref="Line"/> (1-based) of its file: the messages
/// in chat terms whatever the file's format, and the parsed JSON object as written.
/// </summary>
public sealed record TrainingExample(int Line, IReadOnlyList<ExampleMessage> Messages, JsonObject Source)
{
    /// <summary>The last assistant message's content, or "" when there is none.</summary>
    public string LastAssistant => Messages.LastOrDefault(m => m.Role == "assistant")?.Content ?? "";
}
