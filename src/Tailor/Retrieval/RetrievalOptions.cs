using Tailor.Lexical;

namespace Tailor.Retrieval;

/// <summary>How a knowledge base searches by default. Saved in its manifest.</summary>
public sealed record RetrievalOptions
{
    /// <summary>Mode used when a search does not name one. Hybrid measured better than lexical on CISI (see docs/BENCHMARKS.md).</summary>
    public SearchMode DefaultMode { get; init; } = SearchMode.Hybrid;

    /// <summary>How lexical and vector candidates are combined in hybrid mode.</summary>
    public FusionOptions Fusion { get; init; } = new();

    /// <summary>RM3 pseudo-relevance feedback on the lexical side of hybrid search.</summary>
    public FeedbackOptions LexicalFeedback { get; init; } = new();

    public void Validate()
    {
        if (!Enum.IsDefined(DefaultMode)) throw new TailorException($"retrieval.defaultMode {(int)DefaultMode} is unknown; use lexical, vector or hybrid.");
        Fusion.Validate();
        LexicalFeedback.Validate();
    }
}
