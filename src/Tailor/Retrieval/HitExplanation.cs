namespace Tailor.Retrieval;

/// <summary>Why a hit ranks where it does: its rank on each side (1-based, 0 = not a candidate there) and the fused score.</summary>
public sealed record HitExplanation(SearchMode Mode, int LexicalRank, int VectorRank, double FusedScore)
{
    /// <summary>The reranker's score when the hits were reranked (null otherwise).</summary>
    public double? RerankScore { get; init; }

    /// <summary>The hit's rank before reranking (1-based; 0 when not reranked).</summary>
    public int FusedRank { get; init; }
}
