using Tailor.Retrieval;

namespace Tailor.Cli;

/// <summary>A search hit in JSON (search, and the sources of chat's /sources).</summary>
internal sealed record HitJson(string DocumentId, long ChunkId, string Source, string Section, double Score, string Text, string Link, string Title, ExplainJson? Explain)
{
    public static HitJson From(Hit h, bool explain, string? reranker) => new(
        h.DocumentId, h.ChunkId, h.Source, h.Section, Math.Round(h.Score, 6), h.Text, h.Link, h.Title,
        explain && h.Explanation is { } e
            ? new ExplainJson(
                e.Mode.ToString().ToLowerInvariant(), e.LexicalRank, e.VectorRank, Math.Round(e.FusedScore, 6),
                e.RerankScore is null ? null : e.FusedRank,
                e.RerankScore is { } r ? Math.Round(r, 6) : null,
                e.RerankScore is null ? null : reranker)
            : null);
}
