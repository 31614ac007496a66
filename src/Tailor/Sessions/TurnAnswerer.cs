using Tailor.Answering;
using Tailor.Chat;
using Tailor.Retrieval;

namespace Tailor.Sessions;

/// <summary>
/// Writes the answer of one chat turn from the retrieved hits, the chosen few-shot examples and the
/// trimmed history (oldest first), streaming text to <paramref name="onText"/> as it is written.
/// The generated answerer's <c>AnswerAsync</c> has this shape; offline, an extractive answer.
/// </summary>
public delegate Task<Answer> TurnAnswerer(string question, IReadOnlyList<Hit> hits, IReadOnlyList<FewShotExample>? examples,
    IReadOnlyList<ChatMessage>? history, Action<string>? onText, CancellationToken ct);
