using Tailor.Embedding;
using Tailor.Indexes;
using Tailor.Lexical;
using Tailor.Storage;
using Tailor.Vectors;

namespace Tailor.Retrieval;

/// <summary>
/// Runs one search over a knowledge base's indexes: lexical (BM25, optionally with RM3), vector, or
/// hybrid (both lexical rankings and the vector ranking fused by rank), inside a filter's allowed
/// chunks, optionally re-ordered by MMR, and hydrated into <see cref="Hit"/>s from the store.
/// </summary>
internal sealed class HybridSearcher
{
    private readonly IKnowledgeStore _store;
    private readonly Analyzer _analyzer;
    private readonly RetrievalOptions _options;
    private readonly MmrReranker _mmr;

    public HybridSearcher(IKnowledgeStore store, Analyzer analyzer, RetrievalOptions options)
    {
        _store = store;
        _analyzer = analyzer;
        _options = options;
        _mmr = new MmrReranker(store, analyzer.Analyze);
    }

    /// <param name="mode">The resolved mode (lexical when <paramref name="vectors"/> is null).</param>
    /// <param name="index">The lexical index, read under <paramref name="indexLock"/>.</param>
    /// <param name="vectors">The embedder and vector index; null for lexical search.</param>
    /// <param name="mmrModelId">The embedding model whose stored vectors MMR compares (null: term sets).</param>
    public async Task<SearchResult> SearchAsync(string query, SearchOptions options, SearchMode mode, LexicalIndex index, ReaderWriterLockSlim indexLock,
        (IEmbedder Model, IVectorIndex Index)? vectors, string? mmrModelId, CancellationToken ct)
    {
        var terms = _analyzer.Analyze(query);
        var chunkFilter = options.Filter is { IsEmpty: false } filter ? filter.ToChunkFilter() : null;
        var allowed = chunkFilter is null ? null : _store.FilterChunks(chunkFilter);
        if (allowed is { Count: 0 }) return new SearchResult([]);
        // MMR picks k from a deeper candidate list
        int depth = options.Mmr is null ? options.K : Math.Max(options.K, _options.Fusion.CandidateDepth);
        // one query embedding per search
        var queryVector = mode == SearchMode.Lexical ? null : await vectors!.Value.Model.EmbedQueryAsync(query, ct).ConfigureAwait(false);
        IReadOnlyList<(long Id, double Score, HitExplanation Why)> ranked = mode switch
        {
            SearchMode.Lexical => Explain(terms.Count == 0 ? [] : LexicalSearch(index, indexLock, terms, depth, feedback: false, allowed), SearchMode.Lexical),
            SearchMode.Vector => Explain(VectorSearch(vectors!.Value, queryVector!, depth, allowed, chunkFilter), SearchMode.Vector),
            _ => HybridSearch(index, indexLock, vectors!.Value, queryVector!, terms, depth, allowed, chunkFilter),
        };
        if (options.Mmr is { } lambda) ranked = _mmr.Rerank(ranked, lambda, options.K, mmrModelId);
        return new SearchResult(Hydrate(ranked, chunkFilter?.Where ?? []));
    }

    private static List<(long Id, double Score, HitExplanation Why)> Explain(List<(long Id, double Score)> ranked, SearchMode mode)
    {
        var list = new List<(long, double, HitExplanation)>(ranked.Count);
        for (int i = 0; i < ranked.Count; i++)
        {
            var why = mode == SearchMode.Lexical
                ? new HitExplanation(mode, i + 1, 0, ranked[i].Score)
                : new HitExplanation(mode, 0, i + 1, ranked[i].Score);
            list.Add((ranked[i].Id, ranked[i].Score, why));
        }
        return list;
    }

    private List<(long Id, double Score)> LexicalSearch(LexicalIndex index, ReaderWriterLockSlim indexLock, List<string> terms, int k, bool feedback, HashSet<long>? allowed)
    {
        IReadOnlyList<LexicalHit> hits;
        Predicate<long>? filter = allowed is null ? null : allowed.Contains;
        indexLock.EnterReadLock();
        try { hits = feedback ? index.SearchWithFeedback(terms, k, _options.LexicalFeedback, filter) : index.Search(terms, k, filter); }
        finally { indexLock.ExitReadLock(); }
        var list = new List<(long, double)>(hits.Count);
        foreach (var h in hits) list.Add((h.ChunkId, h.Score));
        return list;
    }

    private static List<(long Id, double Score)> VectorSearch((IEmbedder Model, IVectorIndex Index) vectors, float[] query, int k, HashSet<long>? allowed, ChunkFilter? filter)
    {
        var hits = vectors.Index is StoreVectorIndex inStore
            ? inStore.Search(query, k, filter) // the store filters inside its own index scan
            : vectors.Index.Search(query, k, allowed is null ? null : allowed.Contains);
        var list = new List<(long, double)>(hits.Length);
        foreach (var h in hits) list.Add((h.Id, h.Score));
        return list;
    }

    /// <summary>
    /// BM25 for the query as typed (the lexical ranking) fused with the vector ranking of the query embedding
    /// moved toward the STORED embeddings of the top hits of BM25 with RM3 feedback (pseudo-relevance
    /// feedback, no extra embedding calls): <see cref="HybridRanking"/>, measured in docs/BENCHMARKS.md.
    /// </summary>
    private List<(long Id, double Score, HitExplanation Why)> HybridSearch(LexicalIndex index, ReaderWriterLockSlim indexLock, (IEmbedder Model, IVectorIndex Index) vectors,
        float[] queryVector, List<string> terms, int k, HashSet<long>? allowed, ChunkFilter? filter)
    {
        var fusion = _options.Fusion;
        int depth = Math.Max(k, fusion.CandidateDepth);
        var typed = terms.Count == 0 ? [] : LexicalSearch(index, indexLock, terms, depth, feedback: false, allowed);
        if (fusion.FeedbackDocuments > 0 && typed.Count > 0)
        {
            // the expansion only chooses the feedback chunks; it is not a ranking of its own in the fusion
            var expanded = LexicalSearch(index, indexLock, terms, fusion.FeedbackDocuments, feedback: true, allowed);
            var top = expanded.Select(h => h.Id).ToList();
            var stored = _store.GetEmbeddings(top, vectors.Model.ModelId);
            var feedback = top.Where(stored.ContainsKey).Select(id => stored[id]).ToList();
            if (feedback.Count > 0) queryVector = VectorFeedback.Expand(queryVector, feedback, fusion.FeedbackQueryWeight);
        }
        var vector = VectorSearch(vectors, queryVector, depth, allowed, filter);
        return HybridRanking.Rank(Items(typed), Items(vector), fusion, k);

        static List<FusionItem> Items(List<(long Id, double Score)> hits) => hits.Select(h => new FusionItem(h.Id, h.Score)).ToList();
    }

    /// <summary>The hits' chunks and documents; with column conditions a table chunk's text keeps its header and matching rows.</summary>
    private List<Hit> Hydrate(IReadOnlyList<(long Id, double Score, HitExplanation Why)> ranked, IReadOnlyList<ColumnCondition> where)
    {
        var ids = new long[ranked.Count];
        for (int i = 0; i < ids.Length; i++) ids[i] = ranked[i].Id;
        var rows = _store.GetChunks(ids);
        var hits = new List<Hit>(ranked.Count);
        foreach (var (id, score, why) in ranked)
        {
            if (!rows.TryGetValue(id, out var row)) continue; // deleted by another process since the index was loaded
            var (chunk, doc) = row;
            hits.Add(new Hit(doc.Id, chunk.Id, doc.Source, chunk.Section, score, Chunking.TableRows.KeepMatching(chunk.Text, where),
                Links.For(doc.Source, doc.Format, chunk.LineStart, chunk.LineEnd, chunk.Anchor), doc.Title) { Explanation = why, Ordinal = chunk.Ordinal });
        }
        return hits;
    }
}
