using Tailor.Retrieval;

namespace Tailor.Server.Api.Contracts;

/// <summary>Why a hit ranked where it did (<c>--explain</c>).</summary>
public sealed record ExplanationJson(string Mode, int LexicalRank, int VectorRank, double FusedScore, int? FusedRank, double? RerankScore, string? Reranker)
{
    public static ExplanationJson From(HitExplanation e, string? reranker) => new(e.Mode.ToString().ToLowerInvariant(), e.LexicalRank, e.VectorRank, Math.Round(e.FusedScore, 6),
        e.RerankScore is null ? null : e.FusedRank, e.RerankScore is { } r ? Math.Round(r, 6) : null, e.RerankScore is null ? null : reranker);
}
