using Tailor.Answering;
using Tailor.Chat;
using Tailor.Chunking;
using Tailor.Documents;
using Tailor.Embedding;
using Tailor.Examples;
using Tailor.Extraction;
using Tailor.Ingestion;
using Tailor.Lexical;
using Tailor.Retrieval;
using Tailor.Storage;
using Tailor.Tokenization;
using Tailor.Vectors;

namespace Tailor;

/// <summary>
/// The facade library users see: open a knowledge base folder, ingest, search, ask, list and delete
/// documents, check integrity. SQLite is the system of record; the lexical index is derived from it.
/// </summary>
public sealed class KnowledgeBase : IDisposable
{
    public const string DatabaseFileName = "tailor.db";

    private readonly SqliteStore _store;
    private readonly Analyzer _analyzer;
    private readonly LexicalStore _lexicalStore;
    private readonly ExtractorRegistry _extractors = ExtractorRegistry.CreateDefault();
    private readonly object _indexGate = new();
    private readonly ReaderWriterLockSlim _indexLock = new();
    private LexicalIndex? _index;
    private EmbeddingSync _embeddingSync;
    private (IEmbedder Model, IVectorIndex Index)? _vectors;
    private readonly VectorIndexStore _vectorIndexStore;
    private readonly MmrReranker _mmr;
    private bool _vectorsLoaded;
    private ExampleStore? _examples;
    private SessionStore? _sessions;
    private IngestJobQueue? _jobs;

    private KnowledgeBase(string directory, KnowledgeBaseOptions options, SqliteStore store, ITokenCounter tokenCounter, IEmbedder? embedder)
    {
        Directory = directory;
        Options = options;
        _store = store;
        TokenCounter = tokenCounter;
        _analyzer = new Analyzer(options.Lexical);
        _lexicalStore = new LexicalStore(directory, store, options.Lexical, (title, section, text) => _analyzer.Analyze(DocumentPreparer.IndexedText(title, section, text)));
        Documents = new DocumentCatalog(store);
        _embeddingSync = new EmbeddingSync(store, _analyzer.Analyze, options.Embedding, options.Embedder ?? EmbedderInfo.Builtin, embedder, directory);
        _vectorIndexStore = new VectorIndexStore(directory, store, options.Retrieval);
        _mmr = new MmrReranker(store, _analyzer.Analyze);
    }

    /// <summary>The knowledge base folder.</summary>
    public string Directory { get; }

    /// <summary>The options it was built with (read back from its manifest).</summary>
    public KnowledgeBaseOptions Options { get; private set; }

    /// <summary>What chunk sizes are counted with.</summary>
    public ITokenCounter TokenCounter { get; }

    public DocumentCatalog Documents { get; }

    /// <summary>True when <paramref name="directory"/> holds a knowledge base.</summary>
    public static bool Exists(string directory) => Manifest.Exists(directory);

    /// <summary>
    /// Opens the knowledge base in <paramref name="directory"/>, creating it with <paramref name="options"/>
    /// (or defaults) when missing. An existing knowledge base keeps the options saved in its manifest.
    /// <paramref name="embedder"/> is the server embedder the host configured (null: the built-in one);
    /// a new knowledge base records it, an existing one embedded otherwise refuses to ingest or search
    /// by vector until <c>tailor reembed</c> switches it.
    /// </summary>
    public static KnowledgeBase Open(string directory, KnowledgeBaseOptions? options = null, IEmbedder? embedder = null)
    {
        directory = Path.GetFullPath(directory);
        if (Manifest.Exists(directory)) return OpenExisting(directory, embedder);
        try
        {
            System.IO.Directory.CreateDirectory(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TailorException($"{directory}: cannot create the knowledge base folder ({ex.Message}); choose another --kb folder.", ex);
        }
        options ??= new KnowledgeBaseOptions();
        var counter = ResolveTokenCounter(options.TokenCounter);
        options = options with { TokenCounter = counter.Name, Created = options.Created ?? DateTime.UtcNow.ToString("O"), Embedder = EmbedderInfo.For(embedder) };
        options.Validate();
        var store = SqliteStore.Open(Path.Combine(directory, DatabaseFileName));
        Manifest.Write(directory, options);
        return new KnowledgeBase(directory, options, store, counter, embedder);
    }

    /// <summary>Opens an existing knowledge base; a clear error when the folder holds none.</summary>
    public static KnowledgeBase OpenExisting(string directory, IEmbedder? embedder = null)
    {
        directory = Path.GetFullPath(directory);
        if (!Manifest.Exists(directory))
            throw new TailorException($"{directory}: no knowledge base here; create one with `tailor ingest PATH --kb {directory}` or point --kb (or TAILOR_KB) at an existing one.");
        var options = Manifest.Read(directory);
        var dbPath = Path.Combine(directory, DatabaseFileName);
        if (!File.Exists(dbPath))
            throw new TailorException($"{dbPath}: the database is missing although the manifest exists; restore it from a backup or delete the folder and ingest again.");
        var counter = ResolveTokenCounter(options.TokenCounter);
        var store = SqliteStore.Open(dbPath);
        options = EmbeddingSync.AdoptWhenEmpty(directory, options, store, embedder);
        return new KnowledgeBase(directory, options, store, counter, embedder);
    }

    /// <summary>
    /// The counter chunk sizes are measured with: the saved choice wins, so a knowledge base built with
    /// the estimate keeps using it; one built with a BPE encoding uses it when its vocabulary is available.
    /// </summary>
    private static ITokenCounter ResolveTokenCounter(string name) =>
        name == EstimatingTokenCounter.Instance.Name ? EstimatingTokenCounter.Instance : TokenCounters.ForChunking();

    private LexicalIndex Index
    {
        get
        {
            if (_index != null) return _index;
            lock (_indexGate)
            {
                if (_index != null) return _index;
                var index = _lexicalStore.Load();
                if (_lexicalStore.RebuildReason != null && WriterLock.TryAcquire(Directory, out var writerLock))
                {
                    using (writerLock) _lexicalStore.Save(index);
                }
                _index = index;
                return index;
            }
        }
    }

    /// <summary>The built-in embedder and the vector index of every embedded chunk; null until the corpus is large enough.</summary>
    private (IEmbedder Model, IVectorIndex Index)? Vectors
    {
        get
        {
            lock (_indexGate)
            {
                if (_vectorsLoaded) return _vectors;
                _vectors = OpenVectors(_embeddingSync.LoadModel(), holdsWriterLock: false);
                _vectorsLoaded = true;
                return _vectors;
            }
        }
    }

    /// <summary>
    /// Ingests files and folders: extract, clean, chunk, index. Unchanged documents are skipped, changed
    /// ones replaced atomically; inputs that fail are reported in <see cref="IngestResult.Failures"/> and
    /// the rest still ingested.
    /// </summary>
    public async Task<IngestResult> IngestAsync(IEnumerable<string> paths, IngestOptions? options = null,
        IProgress<IngestProgress>? progress = null, CancellationToken ct = default)
    {
        options ??= new IngestOptions();
        _embeddingSync.EnsureUsable();
        using var writerLock = WriterLock.Acquire(Directory, TimeSpan.FromSeconds(2));
        var enumerator = new SourceEnumerator(options, ext => _extractors.IsSupported("file" + ext), Directory);
        var (files, failures, roots) = enumerator.Enumerate(paths);
        var index = Index;
        var chunker = new Chunker(Options.Chunking, TokenCounter);
        long maxBytes = options.MaxFileBytes ?? Options.MaxFileBytes;
        var pipeline = new IngestPipeline(_store, index, _indexLock,
            existing => new DocumentPreparer(_extractors, chunker, _analyzer, maxBytes, existing, options.Tags));
        var result = await pipeline.RunAsync(files, failures, roots, options, progress, ct).ConfigureAwait(false);
        if (options.Tags.Count > 0) _store.AddTags(files.Select(f => f.FullPath), options.Tags); // unchanged documents get them too
        _indexLock.EnterReadLock();
        try { _lexicalStore.Save(index); }
        finally { _indexLock.ExitReadLock(); }
        var (model, _, _) = await _embeddingSync.UpdateAsync(options.EmbeddingProgress, ct).ConfigureAwait(false);
        RecordEmbedderDimensions();
        RefreshVectors(model);
        return result;
    }

    /// <summary>Trains or extends the vectors after a change (when the configured embedder is the recorded one), and refreshes the vector index (the caller holds the writer lock).</summary>
    private void UpdateEmbeddings()
    {
        IEmbedder? model = null;
        if (_embeddingSync.Mismatch() is null) (model, _, _) = _embeddingSync.Update();
        RefreshVectors(model);
    }

    /// <summary>Saves a server embedder's vector length in the manifest once the first vectors have told it.</summary>
    private void RecordEmbedderDimensions()
    {
        if (Options.Embedder is { IsBuiltin: false, Dimensions: null } info && _embeddingSync.Server is { Dimensions: > 0 } server)
        {
            Options = Options with { Embedder = info with { Dimensions = server.Dimensions } };
            Manifest.Write(Directory, Options);
        }
    }

    /// <summary>
    /// Embeds every chunk with <paramref name="embedder"/> (null: the built-in embedder) and switches the
    /// knowledge base to it: new vectors in one transaction, then the manifest. With <paramref name="reduce"/>,
    /// a PCA fitted on the new document vectors reduces both sides to that many dimensions. See <c>tailor reembed</c>.
    /// </summary>
    public async Task<ReembedResult> ReembedAsync(IEmbedder? embedder, IProgress<EmbeddingProgress>? progress = null, CancellationToken ct = default, int? reduce = null)
    {
        using var writerLock = WriterLock.Acquire(Directory, TimeSpan.FromSeconds(2));
        var previous = Options.Embedder ?? EmbedderInfo.Builtin;
        var (info, chunks, hits, sent) = await new Reembedder(_store, _analyzer.Analyze, Options.Embedding, Directory).RunAsync(embedder, progress, ct, reduce).ConfigureAwait(false);
        Options = Options with { Embedder = info };
        Manifest.Write(Directory, Options);
        _embeddingSync = new EmbeddingSync(_store, _analyzer.Analyze, Options.Embedding, info, embedder, Directory);
        RefreshVectors(_embeddingSync.LoadModel());
        return new ReembedResult(previous, info, chunks, hits, sent);
    }

    /// <summary>Opens (building when needed) the vector index of <paramref name="model"/>'s stored vectors; the caller holds the writer lock.</summary>
    private void RefreshVectors(IEmbedder? model)
    {
        var vectors = OpenVectors(model, holdsWriterLock: true);
        lock (_indexGate)
        {
            _vectors = vectors;
            _vectorsLoaded = true;
        }
    }

    /// <summary><paramref name="model"/> with the vector index of its stored vectors; null when there is no model or no vector.</summary>
    private (IEmbedder Model, IVectorIndex Index)? OpenVectors(IEmbedder? model, bool holdsWriterLock) =>
        model is not null && _embeddingSync.StoredDimensions(model) is > 0 and var dims
            && _vectorIndexStore.Open(model.ModelId, dims, holdsWriterLock) is { } index
            ? (model, index) : null;

    /// <summary>Searches the knowledge base; hits best first (reranked when <see cref="SearchOptions.Reranker"/> is set).</summary>
    public async Task<SearchResult> SearchAsync(string query, SearchOptions? options = null, CancellationToken ct = default)
    {
        options ??= new SearchOptions();
        options.Validate();
        if (options.Reranker is null) return await Search(query, options, ct).ConfigureAwait(false);
        var fused = await Search(query, options with { K = Math.Max(options.K, options.RerankDepth) }, ct).ConfigureAwait(false);
        return new SearchResult(await Reranking.ApplyAsync(options.Reranker, query, fused.Hits, options.K, ct).ConfigureAwait(false));
    }

    private async Task<SearchResult> Search(string query, SearchOptions options, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(query)) throw new TailorException("the query is empty; pass some words to search for.");
        var mode = options.Mode ?? Options.Retrieval.DefaultMode;
        var vectors = mode == SearchMode.Lexical ? null : Vectors;
        if (mode == SearchMode.Vector && vectors is null)
            throw new TailorException(_embeddingSync.Recorded.IsBuiltin
                ? $"{Directory}: vector search needs embeddings, and this knowledge base has none yet (it holds fewer than {EmbeddingSync.MinimumChunks} chunks, or has not been ingested since embeddings were added); ingest more documents or use --mode lexical."
                : $"{Directory}: vector search needs embeddings, and this knowledge base has none from {_embeddingSync.Recorded.Describe()} yet; run `tailor ingest` (or `tailor check --repair`) to embed its chunks, or use --mode lexical.");
        if (vectors is null) mode = SearchMode.Lexical; // hybrid on a tiny corpus: lexical is all there is
        var terms = _analyzer.Analyze(query);
        var allowed = options.Filter is { IsEmpty: false } filter ? _store.FilterChunks(filter) : null;
        if (allowed is { Count: 0 }) return new SearchResult([]);
        // MMR picks k from a deeper candidate list
        int depth = options.Mmr is null ? options.K : Math.Max(options.K, Options.Retrieval.Fusion.CandidateDepth);
        // one query embedding per search
        var queryVector = mode == SearchMode.Lexical ? null : await vectors!.Value.Model.EmbedQueryAsync(query, ct).ConfigureAwait(false);
        IReadOnlyList<(long Id, double Score, HitExplanation Why)> ranked = mode switch
        {
            SearchMode.Lexical => Explain(terms.Count == 0 ? [] : LexicalSearch(terms, depth, feedback: false, allowed), SearchMode.Lexical),
            SearchMode.Vector => Explain(VectorSearch(vectors!.Value, queryVector!, depth, allowed), SearchMode.Vector),
            _ => HybridSearch(vectors!.Value, queryVector!, terms, depth, allowed),
        };
        if (options.Mmr is { } lambda) ranked = _mmr.Rerank(ranked, lambda, options.K, vectors?.Model.ModelId ?? (_embeddingSync.Mismatch() is null ? Vectors?.Model.ModelId : null));
        return new SearchResult(Hydrate(ranked));
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

    private List<(long Id, double Score)> LexicalSearch(List<string> terms, int k, bool feedback, HashSet<long>? allowed)
    {
        var index = Index;
        IReadOnlyList<LexicalHit> hits;
        Predicate<long>? filter = allowed is null ? null : allowed.Contains;
        _indexLock.EnterReadLock();
        try { hits = feedback ? index.SearchWithFeedback(terms, k, Options.Retrieval.LexicalFeedback, filter) : index.Search(terms, k, filter); }
        finally { _indexLock.ExitReadLock(); }
        var list = new List<(long, double)>(hits.Count);
        foreach (var h in hits) list.Add((h.ChunkId, h.Score));
        return list;
    }

    private static List<(long Id, double Score)> VectorSearch((IEmbedder Model, IVectorIndex Index) vectors, float[] query, int k, HashSet<long>? allowed)
    {
        var hits = vectors.Index.Search(query, k, allowed is null ? null : allowed.Contains);
        var list = new List<(long, double)>(hits.Length);
        foreach (var h in hits) list.Add((h.Id, h.Score));
        return list;
    }

    /// <summary>
    /// Lexical (BM25 for the query as typed, and with RM3) and vector candidates fused by rank
    /// (<see cref="Fusion.Fuse(IReadOnlyList{FusionItem}, IReadOnlyList{FusionItem}, IReadOnlyList{FusionItem}, FusionOptions)"/>).
    /// The query vector is first moved toward
    /// the STORED vectors of the top lexical hits (pseudo-relevance feedback, no extra embedding calls),
    /// as measured in docs/BENCHMARKS.md.
    /// </summary>
    private List<(long Id, double Score, HitExplanation Why)> HybridSearch((IEmbedder Model, IVectorIndex Index) vectors, float[] queryVector, List<string> terms, int k, HashSet<long>? allowed)
    {
        var fusion = Options.Retrieval.Fusion;
        int depth = Math.Max(k, fusion.CandidateDepth);
        var typed = terms.Count == 0 ? [] : LexicalSearch(terms, depth, feedback: false, allowed);
        var expanded = terms.Count == 0 ? [] : LexicalSearch(terms, depth, feedback: true, allowed);
        if (fusion.FeedbackDocuments > 0 && expanded.Count > 0)
        {
            var top = expanded.Take(fusion.FeedbackDocuments).Select(h => h.Id).ToList();
            var stored = _store.GetEmbeddings(top, vectors.Model.ModelId);
            var feedback = top.Where(stored.ContainsKey).Select(id => stored[id]).ToList();
            if (feedback.Count > 0) queryVector = VectorFeedback.Expand(queryVector, feedback, fusion.FeedbackQueryWeight);
        }
        var vector = VectorSearch(vectors, queryVector, depth, allowed);
        var fused = Fusion.Fuse(Items(typed), Items(expanded), Items(vector), fusion)
            // On an exact tie (ranks 1+2 vs 2+1), the better lexical rank wins: exact terms such as codes and amounts count.
            .OrderByDescending(h => h.Score).ThenBy(h => LexicalRank(h.Ranks)).ThenBy(h => h.Id).ToList();
        var list = new List<(long, double, HitExplanation)>(Math.Min(k, fused.Count));
        for (int i = 0; i < fused.Count && i < k; i++)
        {
            int lexicalRank = LexicalRank(fused[i].Ranks);
            list.Add((fused[i].Id, fused[i].Score, new HitExplanation(SearchMode.Hybrid, lexicalRank == int.MaxValue ? 0 : lexicalRank, fused[i].Ranks[2], fused[i].Score)));
        }
        return list;

        static List<FusionItem> Items(List<(long Id, double Score)> hits) => hits.Select(h => new FusionItem(h.Id, h.Score)).ToList();

        // the better of the typed and the expanded query's ranks; int.MaxValue when neither found the chunk
        static int LexicalRank(int[] ranks) => Math.Min(ranks[0] == 0 ? int.MaxValue : ranks[0], ranks[1] == 0 ? int.MaxValue : ranks[1]);
    }

    private List<Hit> Hydrate(IReadOnlyList<(long Id, double Score, HitExplanation Why)> ranked)
    {
        var ids = new long[ranked.Count];
        for (int i = 0; i < ids.Length; i++) ids[i] = ranked[i].Id;
        var rows = _store.GetChunks(ids);
        var hits = new List<Hit>(ranked.Count);
        foreach (var (id, score, why) in ranked)
        {
            if (!rows.TryGetValue(id, out var row)) continue; // deleted by another process since the index was loaded
            var (chunk, doc) = row;
            hits.Add(new Hit(doc.Id, chunk.Id, doc.Source, chunk.Section, score, chunk.Text,
                Links.For(doc.Source, doc.Format, chunk.LineStart, chunk.LineEnd, chunk.Anchor), doc.Title) { Explanation = why });
        }
        return hits;
    }

    /// <summary>Answers a question from the knowledge base with cited sources (offline: extractive).</summary>
    public async Task<Answer> AskAsync(string question, AskOptions? options = null, CancellationToken ct = default)
    {
        options ??= new AskOptions();
        if (string.IsNullOrWhiteSpace(question)) throw new TailorException("the question is empty; ask something.");
        var result = await SearchAsync(options.SearchQuery ?? question, options.ToSearchOptions(), ct).ConfigureAwait(false);
        return new ExtractiveAnswerer(_analyzer.Analyze, options).Answer(question, result.Hits);
    }

    /// <summary>The knowledge base's few-shot examples.</summary>
    public ExampleStore Examples => _examples ??= new ExampleStore(_store);

    /// <summary>The knowledge base's chat sessions.</summary>
    public SessionStore Sessions => _sessions ??= new SessionStore(_store);

    /// <summary>The knowledge base's durable queue of ingest jobs (used by the server).</summary>
    public IngestJobQueue Jobs => _jobs ??= new IngestJobQueue(_store, Directory);

    /// <summary>The embedder behind vector search; null until the corpus is large enough to train the built-in one.</summary>
    public IEmbedder? Embedder => Vectors?.Model;

    /// <summary>Chooses few-shot examples for questions: by embedding similarity when there is an embedder, else TF-IDF.</summary>
    public ExampleSelector ExampleSelector() => new(Examples, Embedder, _analyzer.Analyze);

    /// <summary>
    /// A generated-answer pipeline over <paramref name="model"/> with this knowledge base's analyzer and
    /// prompt templates (its <c>prompts/</c> folder, or <see cref="GenerationOptions.PromptDirectory"/>).
    /// </summary>
    public GeneratedAnswerer CreateAnswerer(IChatModel model, GenerationOptions? options = null, PriceTable? prices = null)
    {
        var promptDir = options?.PromptDirectory;
        var templates = PromptTemplates.Load(promptDir ?? Path.Combine(Directory, PromptTemplates.FolderName), required: promptDir != null);
        return new GeneratedAnswerer(model, _analyzer.Analyze, options, templates, prices: prices);
    }

    /// <summary>Answers a question with a chat model from the retrieved chunks; <paramref name="onText"/> receives the answer as it is written.</summary>
    public async Task<Answer> AskAsync(string question, GeneratedAnswerer answerer, AskOptions? options = null, Action<string>? onText = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(answerer);
        options ??= new AskOptions();
        if (string.IsNullOrWhiteSpace(question)) throw new TailorException("the question is empty; ask something.");
        var result = await SearchAsync(options.SearchQuery ?? question, options.ToSearchOptions(), ct).ConfigureAwait(false);
        var examples = options.Examples > 0 && result.Hits.Count > 0
            ? (await ExampleSelector().SelectAsync(question, options.Examples, cancellationToken: ct).ConfigureAwait(false)).Select(e => e.Example).ToList()
            : null;
        return await answerer.AnswerAsync(question, result.Hits, examples, onText: onText, ct: ct).ConfigureAwait(false);
    }

    /// <summary>Deletes documents by id; returns how many existed.</summary>
    public Task<int> DeleteAsync(IReadOnlyCollection<string> documentIds, CancellationToken ct = default)
    {
        using var writerLock = WriterLock.Acquire(Directory, TimeSpan.FromSeconds(2));
        var existing = documentIds.Where(id => _store.GetDocument(id) != null).ToList();
        if (existing.Count == 0) return Task.FromResult(0);
        var index = Index;
        _indexLock.EnterWriteLock();
        try
        {
            foreach (var chunkId in _store.Delete(existing)) index.Remove(chunkId);
            _lexicalStore.Save(index);
        }
        finally
        {
            _indexLock.ExitWriteLock();
        }
        UpdateEmbeddings();
        return Task.FromResult(existing.Count);
    }

    /// <summary>
    /// Verifies the knowledge base: manifest, SQLite integrity, orphaned chunks, chunk checksums, and
    /// the lexical index snapshot against an index rebuilt from the database. With
    /// <paramref name="repair"/>, derived data (the lexical index) is rebuilt when it is wrong.
    /// </summary>
    public IntegrityReport Check(bool repair = false) => new IntegrityChecker(Directory, Options, _store, _lexicalStore, _embeddingSync, _vectorIndexStore).Run(repair);

    public void Dispose()
    {
        _store.Dispose();
        _indexLock.Dispose();
    }
}
