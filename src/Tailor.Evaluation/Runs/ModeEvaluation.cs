using Tailor.Retrieval;

namespace Tailor.Evaluation.Runs;

/// <summary>
/// The figures of one search mode over every judged query: means over the evaluated queries of
/// nDCG@k, Recall@k, MRR@k, P@k (per cutoff) and MAP, plus timings. When the engine refused the mode,
/// <see cref="Error"/> says why and the figures are empty.
/// </summary>
public sealed record ModeEvaluation
{
    public required SearchMode Mode { get; init; }

    /// <summary>Why the mode could not be evaluated; null when it was.</summary>
    public string? Error { get; init; }

    /// <summary>The cutoffs k with figures, ascending.</summary>
    public IReadOnlyList<int> Cutoffs { get; init; } = [];

    public IReadOnlyDictionary<int, double> Ndcg { get; init; } = new Dictionary<int, double>();
    public IReadOnlyDictionary<int, double> Recall { get; init; } = new Dictionary<int, double>();
    public IReadOnlyDictionary<int, double> Mrr { get; init; } = new Dictionary<int, double>();
    public IReadOnlyDictionary<int, double> Precision { get; init; } = new Dictionary<int, double>();

    /// <summary>Mean average precision over the full retrieved list.</summary>
    public double Map { get; init; }

    /// <summary>Seconds the corpus took to ingest (shared by the modes of one run).</summary>
    public double IngestSeconds { get; init; }

    /// <summary>Median search latency in milliseconds.</summary>
    public double QueryMsP50 { get; init; }

    /// <summary>99th-percentile search latency in milliseconds (nearest rank).</summary>
    public double QueryMsP99 { get; init; }

    /// <summary>Per-query figures, in query order.</summary>
    public IReadOnlyList<QueryEvaluation> Queries { get; init; } = [];

    /// <summary>The mode's name as used on the command line (lexical, vector, hybrid).</summary>
    public string Name => Mode.ToString().ToLowerInvariant();

    /// <summary>True when the mode was evaluated.</summary>
    public bool Succeeded => Error is null;
}
