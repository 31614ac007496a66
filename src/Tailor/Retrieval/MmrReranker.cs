using Tailor.Ingestion;
using Tailor.Storage;

namespace Tailor.Retrieval;

/// <summary>
/// Re-ranks a search's candidate list by maximal marginal relevance (<see cref="Mmr"/>), so that
/// near-duplicate chunks do not fill the top k. Similarity is the cosine of the chunks' stored
/// embeddings; when the knowledge base has none for every candidate (a small corpus, or vectors still
/// pending), it is the Jaccard similarity of the chunks' analyzed term sets.
/// </summary>
internal sealed class MmrReranker
{
    private readonly IKnowledgeStore _store;
    private readonly Func<string, List<string>> _analyze;

    public MmrReranker(IKnowledgeStore store, Func<string, List<string>> analyze)
    {
        _store = store;
        _analyze = analyze;
    }

    /// <summary>Up to <paramref name="k"/> of <paramref name="ranked"/> (best first) in MMR order, keeping each hit's score and explanation.</summary>
    public List<(long Id, double Score, HitExplanation Why)> Rerank(IReadOnlyList<(long Id, double Score, HitExplanation Why)> ranked,
        double lambda, int k, string? embeddingModelId)
    {
        if (ranked.Count == 0) return [];
        var ids = new long[ranked.Count];
        var scores = new double[ranked.Count];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = ranked[i].Id;
            scores[i] = ranked[i].Score;
        }
        var similarity = EmbeddingSimilarity(ids, embeddingModelId) ?? TermSimilarity(ids);
        var order = Mmr.SelectIndices(scores, similarity, lambda, k);
        var result = new List<(long, double, HitExplanation)>(order.Count);
        foreach (int i in order) result.Add(ranked[i]);
        return result;
    }

    private Func<int, int, double>? EmbeddingSimilarity(long[] ids, string? modelId)
    {
        if (modelId is null) return null;
        var stored = _store.GetEmbeddings(ids, modelId);
        if (stored.Count < ids.Length) return null;
        var vectors = new float[ids.Length][];
        var norms = new double[ids.Length];
        for (int i = 0; i < ids.Length; i++)
        {
            vectors[i] = stored[ids[i]];
            norms[i] = System.Numerics.Tensors.TensorPrimitives.Norm<float>(vectors[i]);
        }
        return (a, b) =>
        {
            if (norms[a] == 0 || norms[b] == 0 || vectors[a].Length != vectors[b].Length) return 0;
            return System.Numerics.Tensors.TensorPrimitives.Dot<float>(vectors[a], vectors[b]) / (norms[a] * norms[b]);
        };
    }

    private Func<int, int, double> TermSimilarity(long[] ids)
    {
        var rows = _store.GetChunks(ids);
        var sets = new HashSet<string>[ids.Length];
        for (int i = 0; i < ids.Length; i++)
            sets[i] = rows.TryGetValue(ids[i], out var row)
                ? new HashSet<string>(_analyze(DocumentPreparer.IndexedText(row.Document.Title, row.Chunk.Section, row.Chunk.Text)), StringComparer.Ordinal)
                : [];
        return (a, b) => Jaccard(sets[a], sets[b]);
    }

    /// <summary>|A ∩ B| / |A ∪ B|; 0 when both are empty.</summary>
    public static double Jaccard(HashSet<string> a, HashSet<string> b)
    {
        if (a.Count == 0 && b.Count == 0) return 0;
        var (small, large) = a.Count <= b.Count ? (a, b) : (b, a);
        int common = 0;
        foreach (var t in small) if (large.Contains(t)) common++;
        return (double)common / (a.Count + b.Count - common);
    }
}
