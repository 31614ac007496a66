using Tailor.Chat;
using Tailor.Retrieval;

namespace Tailor.Answering;

/// <summary>A prompt ready for a chat model, fitted to its context window.</summary>
/// <param name="Messages">System rules, few-shot pairs, history, then the sources and the question.</param>
/// <param name="Sources">The hits shown to the model; source [n] is <c>Sources[n - 1]</c>.</param>
/// <param name="InputTokens">The prompt's size in tokens, counted as the model's server would (per-message overhead included).</param>
/// <param name="DroppedSources">Weakest hits left out to fit the window.</param>
/// <param name="DroppedHistory">Oldest history messages left out to fit the window.</param>
/// <param name="DroppedExamples">Few-shot examples left out to fit the window.</param>
public sealed record Prompt(
    IReadOnlyList<ChatMessage> Messages,
    IReadOnlyList<Hit> Sources,
    int InputTokens,
    int DroppedSources = 0,
    int DroppedHistory = 0,
    int DroppedExamples = 0);
