using Tailor.Answering;

namespace Tailor.Sessions;

/// <summary>How a chat session answers: retrieval per turn, the history budget, the number of few-shot examples.</summary>
public sealed record ConversationOptions
{
    /// <summary>Retrieval for each turn (k, mode, filters, reranking); its search query is set per turn.</summary>
    public AskOptions Ask { get; init; } = new();

    /// <summary>Tokens of earlier turns the answer prompt may carry; older messages are dropped first.</summary>
    public int HistoryTokens { get; init; } = 2000;

    /// <summary>Few-shot examples chosen per question from the knowledge base's store (0: none).</summary>
    public int Examples { get; init; } = 3;

    public void Validate()
    {
        Ask.Validate();
        if (HistoryTokens is < 0 or > 1_000_000) throw new TailorException($"the history budget is {HistoryTokens} tokens; use 0 to 1000000.");
        if (Examples is < 0 or > 100) throw new TailorException($"the number of few-shot examples is {Examples}; use 0 to 100.");
    }
}
