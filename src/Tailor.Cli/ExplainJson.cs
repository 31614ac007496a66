namespace Tailor.Cli;

/// <summary>Why a hit ranks where it does (<c>--explain</c>): its lexical and vector ranks, fused score, and rerank score when reranked.</summary>
internal sealed record ExplainJson(string Mode, int LexicalRank, int VectorRank, double FusedScore, int? FusedRank, double? RerankScore, string? Reranker);
