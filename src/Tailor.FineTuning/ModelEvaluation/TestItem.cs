using Tailor.Chat;

namespace Tailor.FineTuning.ModelEvaluation;

/// <summary>
/// One example of the test set: the conversation before its last assistant message (what the model
/// is asked), that message's content (the reference answer), and a key identifying the example for
/// the answer cache (its exact roles and texts, hashed).
/// </summary>
public sealed record TestItem(int Line, string Key, IReadOnlyList<ChatMessage> Prompt, string Reference)
{
    /// <summary>The last user message: the question few-shot examples are chosen for and retrieval searches with.</summary>
    public string Question => Prompt.LastOrDefault(m => m.Role == ChatRole.User)?.Content ?? "";
}
