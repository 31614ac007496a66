namespace Tailor.Retrieval;

/// <summary>Why a hit ranks where it does: its rank on each side (1-based, 0 = not a candidate there) and the fused score.</summary>
public sealed record HitExplanation(SearchMode Mode, int LexicalRank, int VectorRank, double FusedScore);
