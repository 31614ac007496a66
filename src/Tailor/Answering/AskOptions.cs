using Tailor.Retrieval;
using Tailor.Tables;

namespace Tailor.Answering;

/// <summary>Per-question answering choices.</summary>
public sealed record AskOptions
{
    /// <summary>Number of retrieved chunks the answer is chosen from.</summary>
    public int K { get; init; } = 6;

    /// <summary>Most sentences quoted in an extractive answer.</summary>
    public int MaxSentences { get; init; } = 3;

    /// <summary>
    /// Least share (0..1) of the question's content terms, weighted by rarity, that the best
    /// sentence must cover for the extractive answerer to answer; below it, it says that nothing
    /// was found. 0.5 separates the sample questions from unrelated ones (see the Answering tests).
    /// </summary>
    public double MinConfidence { get; init; } = 0.5;

    /// <summary>How the chunks are retrieved; null = the knowledge base's default mode.</summary>
    public SearchMode? Mode { get; init; }

    /// <summary>Metadata the retrieved chunks' documents must have; null = none.</summary>
    public SearchFilter? Filter { get; init; }

    /// <summary>MMR λ to diversify the retrieved chunks with; null = off.</summary>
    public double? Mmr { get; init; }

    /// <summary>What retrieval searches for; null: the question. Chat sessions set it to the rewritten standalone query.</summary>
    public string? SearchQuery { get; init; }

    /// <summary>Reranks the top <see cref="RerankDepth"/> retrieved chunks before the best <see cref="K"/> are used; null: no reranking.</summary>
    public IReranker? Reranker { get; init; }

    /// <summary>How many retrieved chunks the reranker scores.</summary>
    public int RerankDepth { get; init; } = 20;

    /// <summary>What a generated answer does when the chat model fails: fail (default) or answer extractively, saying why.</summary>
    public AnswerFallback Fallback { get; init; } = AnswerFallback.None;

    /// <summary>Few-shot examples chosen per question from the knowledge base's store for a generated answer (0: none).</summary>
    public int Examples { get; init; } = 3;

    /// <summary>
    /// With a chat model, a question whose top hit comes from a table source (CSV, TSV, a sheet) is first tried as one
    /// read-only SQL query over that table, within these limits (<see cref="TableAnswerer"/>); null: never.
    /// </summary>
    public TableQueryOptions? TableQuery { get; init; } = new();

    /// <summary>These options with the retrieval choices of <paramref name="search"/> (k, mode, filter, MMR, reranking).</summary>
    public AskOptions WithSearch(SearchOptions search)
    {
        ArgumentNullException.ThrowIfNull(search);
        return this with { K = search.K, Mode = search.Mode, Filter = search.Filter, Mmr = search.Mmr, Reranker = search.Reranker, RerankDepth = search.RerankDepth };
    }

    /// <summary>The search these options ask for.</summary>
    public SearchOptions ToSearchOptions() => new() { K = K, Mode = Mode, Filter = Filter, Mmr = Mmr, Reranker = Reranker, RerankDepth = RerankDepth };

    /// <summary>Throws <see cref="TailorException"/> when an option is out of range.</summary>
    public void Validate()
    {
        if (K < 1 || K > 100) throw new TailorException($"ask k is {K}; use 1 to 100 chunks.");
        if (MaxSentences < 1 || MaxSentences > 20)
            throw new TailorException($"ask maxSentences is {MaxSentences}; use 1 to 20.");
        if (double.IsNaN(MinConfidence) || MinConfidence < 0 || MinConfidence > 1)
            throw new TailorException($"ask minConfidence is {MinConfidence}; use a value from 0 to 1.");
        TableQuery?.Validate();
        if (Examples < 0 || Examples > 100) throw new TailorException($"ask examples is {Examples}; use 0 to 100.");
    }
}
