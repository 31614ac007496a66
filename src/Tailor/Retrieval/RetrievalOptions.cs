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

    /// <summary>
    /// From this many embedded chunks on, vector search uses an HNSW graph (persisted beside the
    /// database) instead of the exact flat scan. 0 = always HNSW; int.MaxValue = never.
    /// </summary>
    public int HnswThreshold { get; init; } = 20_000;

    /// <summary>HNSW search candidate list size (raised to the number of hits asked for); higher = better recall, slower.</summary>
    public int HnswEf { get; init; } = 128;

    /// <summary>
    /// Threads that build the HNSW graph: 0 = one per processor (default), 1 = single-threaded, which gives
    /// the same graph for the same embeddings; with more, insertion runs in parallel (same recall, order-dependent graph).
    /// </summary>
    public int HnswBuildThreads { get; init; }

    public void Validate()
    {
        if (HnswBuildThreads is < 0 or > 1024) throw new TailorException($"retrieval.hnswBuildThreads is {HnswBuildThreads}; use 0 (one per processor), 1 (single-threaded, reproducible graph) or up to 1024.");
        if (HnswThreshold < 0) throw new TailorException($"retrieval.hnswThreshold is {HnswThreshold}; use 0 (always HNSW) or more (typical 20000).");
        if (HnswEf < 1 || HnswEf > 10_000) throw new TailorException($"retrieval.hnswEf is {HnswEf}; use 1 to 10000 (typical 128).");
        if (!Enum.IsDefined(DefaultMode)) throw new TailorException($"retrieval.defaultMode {(int)DefaultMode} is unknown; use lexical, vector or hybrid.");
        Fusion.Validate();
        LexicalFeedback.Validate();
    }
}
