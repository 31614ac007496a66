using System.Text.Json.Nodes;

namespace Tailor.FineTuning.Datasets;

/// <summary>
/// One message of a training example, in OpenAI chat terms. <see cref="Weight"/> 0 on an assistant
/// message means "shown as context, not trained on"; <see cref="ToolCalls"/> keeps the raw calls.
/// </summary>
public sealed record ExampleMessage(string Role, string Content)
{
    public string? Name { get; init; }

    /// <summary>0 or 1 on assistant messages; null when absent (trained).</summary>
    public int? Weight { get; init; }

    public JsonNode? ToolCalls { get; init; }

    public string? ToolCallId { get; init; }

    /// <summary>True for an assistant message the model is trained to produce.</summary>
    public bool IsTrained => Role == "assistant" && Weight != 0;
}
