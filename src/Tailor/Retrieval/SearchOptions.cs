namespace Tailor.Retrieval;

/// <summary>Per-query search choices.</summary>
public sealed record SearchOptions
{
    /// <summary>Number of chunk hits to return.</summary>
    public int K { get; init; } = 10;

    /// <summary>Retrieval mode; null = the knowledge base's default (hybrid unless configured otherwise).</summary>
    public SearchMode? Mode { get; init; }

    /// <summary>Reranks the top <see cref="RerankDepth"/> fused hits before the best <see cref="K"/> are returned; null: no reranking.</summary>
    public IReranker? Reranker { get; init; }

    /// <summary>How many fused hits the reranker scores (at least <see cref="K"/> are always scored).</summary>
    public int RerankDepth { get; init; } = 20;

    /// <summary>Metadata the hits' documents must have (tags, source prefix, dates); null = none.</summary>
    public SearchFilter? Filter { get; init; }

    /// <summary>
    /// Maximal-marginal-relevance λ (0 = most diverse, 1 = relevance only) to re-rank the candidates
    /// with, so near-duplicates do not crowd the top k; null = off.
    /// </summary>
    public double? Mmr { get; init; }

    public void Validate()
    {
        if (K < 1 || K > 10_000) throw new TailorException($"k is {K}; use 1 to 10000.");
        if (RerankDepth < 1 || RerankDepth > 1000) throw new TailorException($"the rerank depth is {RerankDepth}; use 1 to 1000 hits.");
        Filter?.Validate();
        if (Mmr is { } l && (!double.IsFinite(l) || l < 0 || l > 1))
            throw new TailorException($"mmr lambda is {l}; use a value from 0 (most diverse) to 1 (relevance only), typically 0.5 to 0.7.");
    }
}
