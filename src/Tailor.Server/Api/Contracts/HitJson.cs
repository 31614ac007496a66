using Tailor.Retrieval;

namespace Tailor.Server.Api.Contracts;

/// <summary>A search hit, as <c>tailor search --json</c> writes it.</summary>
public sealed record HitJson(string DocumentId, long ChunkId, string Source, string Section, double Score, string Text, string Link, string Title, ExplanationJson? Explain)
{
    public static HitJson From(Hit h, bool explain, string? reranker = null) => new(h.DocumentId, h.ChunkId, h.Source, h.Section, Math.Round(h.Score, 6), h.Text, h.Link, h.Title,
        explain && h.Explanation is { } e ? ExplanationJson.From(e, reranker) : null);
}
