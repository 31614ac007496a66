using Tailor.Chat;
using Tailor.Tokenization;

namespace Tailor.Sessions;

/// <summary>
/// Fits a conversation's history into a token budget before it goes into the answer prompt: the
/// oldest messages are dropped first, and the kept history never begins with an assistant message
/// (an answer without its question only confuses the model).
/// </summary>
public static class HistoryBudget
{
    /// <summary>Tokens counted per message on top of its content (role and separators in the chat format).</summary>
    public const int OverheadPerMessage = 4;

    /// <summary>The newest messages of <paramref name="history"/> whose tokens add up to at most <paramref name="budgetTokens"/>, oldest first.</summary>
    public static IReadOnlyList<ChatMessage> Trim(IReadOnlyList<SessionMessage> history, int budgetTokens, ITokenCounter counter)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(counter);
        if (budgetTokens <= 0) return [];
        int used = 0, start = history.Count;
        for (int i = history.Count - 1; i >= 0; i--)
        {
            if (history[i].Role == ChatRole.System) continue;
            int cost = counter.CountTokens(history[i].Content) + OverheadPerMessage;
            if (used + cost > budgetTokens) break;
            used += cost;
            start = i;
        }
        while (start < history.Count && history[start].Role != ChatRole.User) start++;
        var kept = new List<ChatMessage>(history.Count - start);
        for (int i = start; i < history.Count; i++)
            if (history[i].Role != ChatRole.System) kept.Add(history[i].ToChatMessage());
        return kept;
    }

    /// <summary>Tokens <paramref name="messages"/> take, as <see cref="Trim"/> counts them.</summary>
    public static int Count(IReadOnlyList<ChatMessage> messages, ITokenCounter counter) =>
        messages.Sum(m => counter.CountTokens(m.Content) + OverheadPerMessage);
}
