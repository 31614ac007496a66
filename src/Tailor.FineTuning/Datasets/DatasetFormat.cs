namespace Tailor.FineTuning.Datasets;

/// <summary>The JSONL layouts of fine-tuning examples Tailor reads and writes.</summary>
public enum DatasetFormat
{
    /// <summary>OpenAI chat: <c>{"messages": [{"role", "content", "name"?, "weight"?, "tool_calls"?}]}</c>.</summary>
    Chat,

    /// <summary>Prompt/completion: <c>{"prompt", "completion"}</c>.</summary>
    Completion,

    /// <summary>Alpaca: <c>{"instruction", "input"?, "output", "system"?}</c>.</summary>
    Alpaca,

    /// <summary>ShareGPT: <c>{"conversations": [{"from": "human"|"gpt"|"system"|"tool", "value"}]}</c>.</summary>
    ShareGpt,
}
