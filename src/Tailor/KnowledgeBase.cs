using Tailor.Answering;
using Tailor.Chat;
using Tailor.Chunking;
using Tailor.Documents;
using Tailor.Embedding;
using Tailor.Examples;
using Tailor.Extraction;
using Tailor.Indexes;
using Tailor.Ingestion;
using Tailor.Integrity;
using Tailor.Lexical;
using Tailor.Migration;
using Tailor.Retrieval;
using Tailor.Sessions;
using Tailor.Storage;
using Tailor.Tables;
using Tailor.Tokenization;
using Tailor.Vectors;

using Tailor.Web;

namespace Tailor;

/// <summary>
/// The facade library users see: open a knowledge base folder, ingest, search, ask, list and delete
/// documents, check integrity. The store (<see cref="IKnowledgeStore"/>: SQLite in the folder by default) is the system
/// of record; the lexical and vector indexes are derived from it and searched from a snapshot per store version.
/// </summary>
public sealed class KnowledgeBase : IDisposable
{
    public const string DatabaseFileName = "tailor.db";

    /// <summary>How long a writer waits for the lease: briefly beside SQLite (one machine); longer on a shared database, where other servers' ingests queue.</summary>
    private TimeSpan WriterWait => _store is SqliteStore ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(60);

    private readonly IKnowledgeStore _store;
    private readonly Analyzer _analyzer;
    private readonly LexicalStore _lexicalStore;
    private readonly ExtractorRegistry _extractors;
    private EmbeddingSync _embeddingSync;
    private readonly VectorIndexStore _vectorIndexStore;
    private readonly HybridSearcher _searcher;
    private readonly SnapshotManager _snapshots;
    private ExampleStore? _examples;
    private SessionStore? _sessions;
    private readonly IEmbedder? _pretrained;
    private readonly MeaningRelevance? _meaning;
    private IngestJobQueue? _jobs;

    private KnowledgeBase(string directory, KnowledgeBaseOptions options, IKnowledgeStore store, ITokenCounter tokenCounter, IEmbedder? embedder)
    {
        Directory = directory;
        Options = options;
        _store = store;
        TokenCounter = tokenCounter;
        _analyzer = new Analyzer(options.Lexical);
        _extractors = ExtractorRegistry.CreateDefault(new Tailor.Cleaning.TextCleaner(options.Cleaning));
        _lexicalStore = new LexicalStore(directory, store, options.Lexical, (title, section, text) => _analyzer.Analyze(DocumentPreparer.IndexedText(title, section, text)));
        Documents = new DocumentCatalog(store);
        _embeddingSync = new EmbeddingSync(store, _analyzer.Analyze, options.Embedding, options.Embedder ?? EmbedderInfo.Builtin, embedder, directory);
        _vectorIndexStore = new VectorIndexStore(directory, store, options.Retrieval);
        _searcher = new HybridSearcher(store, _analyzer, options.Retrieval);
        // a writer publishing after a change keeps no vectors when the configured embedder is not the recorded one (a search then says so)
        _snapshots = new SnapshotManager(store, _lexicalStore,
            holdsWriter => holdsWriter && _embeddingSync.Mismatch() is not null ? null : OpenVectors(_embeddingSync.LoadModel(), holdsWriter));
        _pretrained = embedder is { Kind: EmbedderInfo.PretrainedKind } && (options.Embedder?.Matches(embedder) ?? false) ? embedder : null;
        _meaning = _pretrained is null ? null : MeaningRelevance.For(_pretrained); // one per knowledge base: it keeps sentence vectors
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
    /// <remarks>
    /// With <see cref="KnowledgeBaseOptions.Database"/> (or <c>TAILOR_DATABASE_URL</c>) a new knowledge base keeps its
    /// data in that PostgreSQL database (the folder keeps the manifest and the derived indexes); the manifest records
    /// the database without its password.
    /// </remarks>
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
        var counter = ResolveTokenCounter(options.TokenCounter, directory);
        options = options with { TokenCounter = counter.Name, Created = options.Created ?? DateTime.UtcNow.ToString("O"), Embedder = EmbedderInfo.For(embedder) };
        options = PretrainedEmbedders.Defaults(options);
        options.Validate();
        var database = options.Database ?? DatabaseUrlFromEnvironment();
        IKnowledgeStore store = database is null ? SqliteStore.Open(Path.Combine(directory, DatabaseFileName)) : StoreProviders.Open(database, directory);
        options = options with { Database = database is null ? null : store.Location };
        if (Manifest.ReadShared(store, options.Database) is { } shared)
        {
            // this folder joins a knowledge base another folder made in the database: it opens it as that one was built
            options = shared;
            counter = ResolveTokenCounter(options.TokenCounter, directory);
            embedder = PretrainedEmbedders.Resolve(options.Embedder, embedder);
            Manifest.Write(directory, options);
            options = EmbeddingSync.AdoptWhenEmpty(directory, options, store, embedder);
        }
        else Manifest.Write(directory, options, store);
        return new KnowledgeBase(directory, options, store, counter, embedder);
    }

    /// <summary>The environment variable that chooses (and gives the password of) a PostgreSQL store.</summary>
    public const string DatabaseVariable = "TAILOR_DATABASE_URL";

    private static string? DatabaseUrlFromEnvironment() => Environment.GetEnvironmentVariable(DatabaseVariable) is { Length: > 0 } url ? url : null;

    /// <summary>Opens an existing knowledge base; a clear error when the folder holds none.</summary>
    public static KnowledgeBase OpenExisting(string directory, IEmbedder? embedder = null)
    {
        directory = Path.GetFullPath(directory);
        var options = ReadManifest(directory);
        var counter = ResolveTokenCounter(options.TokenCounter, directory);
        var store = OpenStoreOf(directory, options);
        if (options.Database is { } database)
        {
            // the database's manifest is the one every folder shares: take what another folder changed, or record this one's
            if (Manifest.ReadShared(store, database) is { } shared)
            {
                if (!Manifest.Same(shared, options)) Manifest.Write(directory, shared);
                options = shared;
                counter = ResolveTokenCounter(options.TokenCounter, directory);
            }
            else Manifest.Write(directory, options, store);
        }
        embedder = PretrainedEmbedders.Resolve(options.Embedder, embedder);
        options = EmbeddingSync.AdoptWhenEmpty(directory, options, store, embedder);
        return new KnowledgeBase(directory, options, store, counter, embedder);
    }

    /// <summary>
    /// Opens only the store of the existing knowledge base in <paramref name="directory"/>: its SQLite file, or the database
    /// its manifest names (the password from <c>TAILOR_DATABASE_URL</c>, as when the knowledge base is opened), without
    /// its indexes, for the records kept beside the documents that need none (the server's keys). The caller disposes it.
    /// </summary>
    public static IKnowledgeStore OpenStore(string directory)
    {
        directory = Path.GetFullPath(directory);
        return OpenStoreOf(directory, ReadManifest(directory));
    }

    private static KnowledgeBaseOptions ReadManifest(string directory) =>
        Manifest.Exists(directory) ? Manifest.Read(directory)
        : throw new TailorException($"{directory}: no knowledge base here; create one with `tailor ingest PATH --kb {directory}` or point --kb (or TAILOR_KB) at an existing one.", TailorErrorKind.NotFound);

    private static IKnowledgeStore OpenStoreOf(string directory, KnowledgeBaseOptions options)
    {
        if (options.Database is { } database)
        {
            // the recorded URL has no password: TAILOR_DATABASE_URL gives it (for this same database), else PGPASSWORD or ~/.pgpass
            var store = StoreProviders.Open(DatabaseUrlFromEnvironment() ?? database, directory);
            if (!string.Equals(store.Location, database, StringComparison.Ordinal))
            {
                var location = store.Location;
                store.Dispose();
                throw new TailorException($"{directory}: this knowledge base lives in {database} but {DatabaseVariable} names {location}; unset it or point --kb at the knowledge base of that database.");
            }
            return store;
        }
        var dbPath = Path.Combine(directory, DatabaseFileName);
        if (!File.Exists(dbPath))
            throw new TailorException($"{dbPath}: the database is missing although the manifest exists; restore it from a backup or delete the folder and ingest again.", TailorErrorKind.Corrupt);
        return SqliteStore.Open(dbPath);
    }

    /// <summary>Marker file: the note that token counts are estimated was shown for this knowledge base.</summary>
    public const string TokenEstimateNotedFileName = ".token-estimate-noted";

    /// <summary>
    /// The counter chunk sizes are measured with: the saved choice wins, so a knowledge base built with
    /// the estimate keeps using it; one built with a BPE encoding uses it when its vocabulary is available.
    /// The note that counts are estimated is shown once per knowledge base (a marker file remembers it).
    /// </summary>
    private static ITokenCounter ResolveTokenCounter(string name, string directory)
    {
        if (name == EstimatingTokenCounter.Instance.Name) return EstimatingTokenCounter.Instance;
        var marker = Path.Combine(directory, TokenEstimateNotedFileName);
        return TokenCounters.ForChunking(notice: message =>
        {
            if (File.Exists(marker)) return;
            Console.Error.WriteLine(message);
            try { File.WriteAllText(marker, message + Environment.NewLine); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { Console.Error.WriteLine($"note: could not remember the note in {marker} ({ex.Message}); it will be shown again."); }
        });
    }

    /// <summary>The built-in embedder and the vector index of every embedded chunk; null until the corpus is large enough.</summary>
    private (IEmbedder Model, IVectorIndex Index)? Vectors => _snapshots.Acquire().Vectors;

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
        var inputs = paths.ToList();
        var urls = new List<Uri>();
        foreach (var input in inputs) if (WebSource.IsUrl(input, out var url)) urls.Add(url);
        // pages are fetched before the writer lease is taken: the network does not hold up other writers
        var (pages, fetchFailures) = urls.Count == 0 ? ([], []) :
            await WebSource.FetchAsync(urls, options.Web, ext => _extractors.IsSupported("file" + ext), ct).ConfigureAwait(false);
        using var writer = _snapshots.BeginWrite(WriterWait);
        var enumerator = new SourceEnumerator(options, ext => _extractors.IsSupported("file" + ext), Directory);
        var (files, failures, roots) = enumerator.Enumerate(inputs.Where(i => !WebSource.IsUrl(i, out _)));
        files.AddRange(pages);
        failures.AddRange(fetchFailures);
        var snapshot = writer.Snapshot;
        var chunker = new Chunker(Options.Chunking, TokenCounter);
        long maxBytes = options.MaxFileBytes ?? Options.MaxFileBytes;
        var pipeline = new IngestPipeline(_store, snapshot.Lexical, snapshot.Lock,
            existing => new DocumentPreparer(_extractors, chunker, _analyzer, maxBytes, existing, options.Tags, [.. Options.Cleaning.Redact.Union(options.Redact)], options.Replace));
        var result = await pipeline.RunAsync(files, failures, roots, options, progress, ct).ConfigureAwait(false);
        if (options.Tags.Count > 0) _store.AddTags(files.Select(f => f.FullPath), options.Tags); // unchanged documents get them too
        var stage = System.Diagnostics.Stopwatch.StartNew();
        double embeddingSeconds;
        try
        {
            await _embeddingSync.UpdateAsync(options.EmbeddingProgress, ct).ConfigureAwait(false);
            RecordEmbedderDimensions();
        }
        catch
        {
            PublishAfterFailure(writer); // the documents are committed: their lexical index is saved even when embedding failed
            throw;
        }
        embeddingSeconds = stage.Elapsed.TotalSeconds;
        stage.Restart();
        writer.Publish();
        return result with { EmbeddingSeconds = embeddingSeconds, IndexSeconds = stage.Elapsed.TotalSeconds };
    }


    /// <summary>
    /// Keeps the knowledge base in step with <paramref name="paths"/> until <paramref name="ct"/> is cancelled:
    /// after every burst of changes (quiet for <paramref name="debounce"/>) the paths are ingested again with
    /// <see cref="IngestOptions.Sync"/>, so new and changed files are written and deleted ones removed;
    /// <paramref name="onRound"/> gets each run's result. Returns when cancelled.
    /// </summary>
    public async Task WatchAsync(IReadOnlyList<string> paths, IngestOptions options, TimeSpan debounce, Action<IngestResult> onRound, CancellationToken ct)
    {
        using var watcher = new FolderWatcher(paths.Where(p => !WebSource.IsUrl(p, out _)), debounce, Directory);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await watcher.WaitForChangeAsync(ct).ConfigureAwait(false);
                onRound(await IngestAsync(paths, options with { Sync = true }, null, ct).ConfigureAwait(false));
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Publishes what a failed write committed. The failure already in flight is what the caller is told: a store
    /// that cannot be read here (its server gone) fails that way again on the next search, with its own message.
    /// </summary>
    private static void PublishAfterFailure(SnapshotManager.WriteScope writer)
    {
        try { writer.Publish(); }
        catch (Exception ex) when (ex is TailorException or InvalidOperationException or IOException) { }
    }

    /// <summary>Saves a server embedder's vector length in the manifest once the first vectors have told it.</summary>
    private void RecordEmbedderDimensions()
    {
        if (Options.Embedder is { IsBuiltin: false, Dimensions: null } info && _embeddingSync.Server is { Dimensions: > 0 } server)
        {
            Options = Options with { Embedder = info with { Dimensions = server.Dimensions } };
            Manifest.Write(Directory, Options, _store);
        }
    }

    /// <summary>
    /// Embeds every chunk with <paramref name="embedder"/> (null: the built-in embedder) and switches the
    /// knowledge base to it: new vectors in one transaction, then the manifest. With <paramref name="reduce"/>,
    /// a PCA fitted on the new document vectors reduces both sides to that many dimensions. See <c>tailor reembed</c>.
    /// </summary>
    public async Task<ReembedResult> ReembedAsync(IEmbedder? embedder, IProgress<EmbeddingProgress>? progress = null, CancellationToken ct = default, int? reduce = null)
    {
        using var writer = _snapshots.BeginWrite(WriterWait);
        var previous = Options.Embedder ?? EmbedderInfo.Builtin;
        var (info, chunks, hits, sent) = await new Reembedder(_store, _analyzer.Analyze, Options.Embedding, Directory).RunAsync(embedder, progress, ct, reduce).ConfigureAwait(false);
        Options = Options with { Embedder = info };
        Manifest.Write(Directory, Options, _store);
        _embeddingSync = new EmbeddingSync(_store, _analyzer.Analyze, Options.Embedding, info, embedder, Directory);
        writer.Publish(saveLexical: false);
        return new ReembedResult(previous, info, chunks, hits, sent);
    }

    /// <summary><paramref name="model"/> with the vector index of its stored vectors; null when there is no model or no vector.</summary>
    private (IEmbedder Model, IVectorIndex Index)? OpenVectors(IEmbedder? model, bool holdsWriterLock)
    {
        if (model is null || _embeddingSync.StoredDimensions(model) is not (> 0 and var dims)) return null;
        if (_store is IVectorSearch { SearchesVectors: true } search)
        {
            long count = _store.CountEmbeddings(model.ModelId);
            return count == 0 ? null : (model, new StoreVectorIndex(search, model.ModelId, dims, (int)count, exact: count < Options.Retrieval.HnswThreshold));
        }
        return _vectorIndexStore.Open(model.ModelId, dims, holdsWriterLock) is { } index ? (model, index) : null;
    }

    /// <summary>Searches the knowledge base; hits best first (reranked when <see cref="SearchOptions.Reranker"/> is set).</summary>
    public async Task<SearchResult> SearchAsync(string query, SearchOptions? options = null, CancellationToken ct = default)
    {
        options ??= new SearchOptions();
        options.Validate();
        if (options.Reranker is null) return await Search(query, options, ct).ConfigureAwait(false);
        var fused = await Search(query, options with { K = Math.Max(options.K, options.RerankDepth) }, ct).ConfigureAwait(false);
        return new SearchResult(await Reranking.ApplyAsync(options.Reranker, query, fused.Hits, options.K, ct).ConfigureAwait(false)) { Degraded = fused.Degraded };
    }

    private async Task<SearchResult> Search(string query, SearchOptions options, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(query)) throw new TailorException("the query is empty; pass some words to search for.");
        var mode = options.Mode ?? Options.Retrieval.DefaultMode;
        var snapshot = _snapshots.Acquire();
        var vectors = mode == SearchMode.Lexical ? null : snapshot.Vectors;
        if (mode == SearchMode.Vector && vectors is null)
            throw new TailorException($"{Directory}: vector search needs embeddings, and {NoEmbeddingsReason(snapshot.Lexical.Count)}; or use --mode lexical.");
        DegradedSearch? degraded = null;
        if (vectors is null && mode == SearchMode.Hybrid)
        {
            degraded = new DegradedSearch(mode, SearchMode.Lexical, $"hybrid search ran lexical only: {NoEmbeddingsReason(snapshot.Lexical.Count)}.");
            mode = SearchMode.Lexical;
        }
        else if (vectors is { } v && mode != SearchMode.Lexical && v.Index.Count < snapshot.Lexical.Count)
        {
            degraded = new DegradedSearch(mode, mode, $"only {v.Index.Count} of {snapshot.Lexical.Count} chunks have embeddings, so the vector side cannot find the others (was an ingest interrupted while embedding?); run `tailor check --repair` or re-run `tailor ingest` to embed them.");
        }
        var mmrModelId = options.Mmr is null ? null : vectors?.Model.ModelId ?? (_embeddingSync.Mismatch() is null ? snapshot.Vectors?.Model.ModelId : null);
        var result = await _searcher.SearchAsync(query, options, mode, snapshot.Lexical, snapshot.Lock, vectors, mmrModelId, ct).ConfigureAwait(false);
        return degraded is null ? result : result with { Degraded = degraded };
    }

    /// <summary>Why there are no embeddings to search among <paramref name="chunks"/> chunks, and what to do.</summary>
    private string NoEmbeddingsReason(int chunks)
    {
        if (_embeddingSync.Recorded.IsPretrained)
            return $"none of its {chunks} chunks has an embedding from {_embeddingSync.Recorded.Describe()} (was an ingest interrupted while embedding?); run `tailor check --repair` or re-run `tailor ingest` to embed them";
        if (!_embeddingSync.Recorded.IsBuiltin)
            return $"this knowledge base has no embeddings from {_embeddingSync.Recorded.Describe()} yet; re-run `tailor ingest` (or `tailor check --repair`) with the embedding server configured to embed its chunks";
        if (chunks < EmbeddingSync.MinimumChunks)
            return $"this knowledge base holds {chunks} chunk(s), fewer than the {EmbeddingSync.MinimumChunks} the built-in embedder needs to train on; ingest more documents";
        return $"none of its {chunks} chunks has an embedding (was an ingest interrupted while embedding?); run `tailor check --repair` or re-run `tailor ingest` to embed them";
    }

    /// <summary>Answers a question from the knowledge base with cited sources (offline: extractive).</summary>
    public async Task<Answer> AskAsync(string question, AskOptions? options = null, CancellationToken ct = default)
    {
        options ??= new AskOptions();
        if (string.IsNullOrWhiteSpace(question)) throw new TailorException("the question is empty; ask something.");
        var result = await SearchAsync(options.SearchQuery ?? question, options.ToSearchOptions(), ct).ConfigureAwait(false);
        return CreateExtractiveAnswerer(options).Answer(question, result.Hits);
    }

    /// <summary>The knowledge base's few-shot examples.</summary>
    public ExampleStore Examples => _examples ??= new ExampleStore(_store, id => _store.GetDocument(id)?.Tags);

    /// <summary>The knowledge base's chat sessions.</summary>
    public SessionStore Sessions => _sessions ??= new SessionStore(_store);

    /// <summary>How the offline answerer judges sentences by meaning: with the pretrained model the knowledge base is embedded with, else null (terms only).</summary>
    public MeaningRelevance? Meaning => _meaning;

    /// <summary>The knowledge base's durable queue of ingest jobs (used by the server).</summary>
    public IngestJobQueue Jobs => _jobs ??= new IngestJobQueue(Directory, _store, Options.Database is null ? null : $"{Environment.MachineName}:{System.IO.Path.GetFullPath(Directory)}");

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
        string? tableFallback = null;
        try
        {
            if (options.TableQuery is { } limits && result.Hits.Count > 0)
            {
                var (tableAnswer, why) = await new TableAnswerer(answerer.Model, _store, limits).TryAnswerAsync(question, result.Hits, ct).ConfigureAwait(false);
                if (tableAnswer is not null)
                {
                    onText?.Invoke(tableAnswer.Text);
                    return tableAnswer with { CostUsd = answerer.Cost(tableAnswer.Usage) };
                }
                tableFallback = why; // null when the top hit is not from a table
            }
            var examples = options.Examples > 0 && result.Hits.Count > 0
                ? (await ExampleSelector().SelectAsync(question, options.Examples, groups: options.Filter?.Groups, cancellationToken: ct).ConfigureAwait(false)).Select(e => e.Example).ToList()
                : null;
            var answer = await answerer.AnswerAsync(question, result.Hits, examples, onText: onText, ct: ct).ConfigureAwait(false);
            return tableFallback is null ? answer : answer with { Fallback = "not answered by SQL: " + tableFallback };
        }
        catch (TailorException ex) when (options.Fallback == AnswerFallback.Extractive)
        {
            return CreateExtractiveAnswerer(options).Answer(question, result.Hits) with { Fallback = ex.Message };
        }
    }

    /// <summary>
    /// Answers a question as hosts do: with <paramref name="model"/> when there is one (as
    /// <see cref="AskAsync(string, GeneratedAnswerer, AskOptions?, Action{string}?, CancellationToken)"/>, its answers costed at
    /// <paramref name="prices"/>), else offline (as <see cref="AskAsync(string, AskOptions?, CancellationToken)"/>, the whole
    /// answer then given to <paramref name="onText"/> at once).
    /// </summary>
    public async Task<Answer> AskAsync(string question, IChatModel? model, AskOptions? options, Action<string>? onText, PriceTable? prices = null, CancellationToken ct = default)
    {
        if (model is not null) return await AskAsync(question, CreateAnswerer(model, prices: prices), options, onText, ct).ConfigureAwait(false);
        var answer = await AskAsync(question, options, ct).ConfigureAwait(false);
        onText?.Invoke(answer.Text);
        return answer;
    }

    /// <summary>
    /// Answers from <paramref name="hits"/> already retrieved, after the conversation <paramref name="history"/> (oldest first):
    /// with <paramref name="model"/> when there is one (with <see cref="AskOptions.Fallback"/> extractive, a failing model is
    /// answered offline, saying why), else offline, the whole answer then given to <paramref name="onText"/> at once.
    /// </summary>
    public async Task<Answer> AnswerAsync(string question, IReadOnlyList<Hit> hits, IReadOnlyList<ChatMessage>? history, IChatModel? model,
        AskOptions? options = null, Action<string>? onText = null, PriceTable? prices = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(hits);
        options ??= new AskOptions();
        if (string.IsNullOrWhiteSpace(question)) throw new TailorException("the question is empty; ask something.");
        if (model is not null)
        {
            try { return await CreateAnswerer(model, prices: prices).AnswerAsync(question, hits, null, history, onText, ct).ConfigureAwait(false); }
            catch (TailorException ex) when (options.Fallback == AnswerFallback.Extractive)
            {
                return CreateExtractiveAnswerer(options).Answer(question, hits) with { Fallback = ex.Message };
            }
        }
        var answer = CreateExtractiveAnswerer(options).Answer(question, hits);
        onText?.Invoke(answer.Text);
        return answer;
    }

    /// <summary>The offline answerer with this knowledge base's analyzer.</summary>
    public ExtractiveAnswerer CreateExtractiveAnswerer(AskOptions? options = null) => new(_analyzer.Analyze, options, Meaning);

    /// <summary>
    /// A stored chat session to ask questions in: answered by <paramref name="model"/> (follow-ups
    /// rewritten by it into standalone queries; with <see cref="AskOptions.Fallback"/> extractive, a turn the
    /// model fails is answered offline), or extractively when <paramref name="model"/> is null (every
    /// question is searched for as written).
    /// </summary>
    public Conversation OpenConversation(string session, IChatModel? model, ConversationOptions? options = null, GenerationOptions? generation = null, PriceTable? prices = null)
    {
        options ??= new ConversationOptions();
        var extractive = CreateExtractiveAnswerer(options.Ask);
        Task<Answer> Offline(string question, IReadOnlyList<Hit> hits, Action<string>? onText)
        {
            var answer = extractive.Answer(question, hits);
            onText?.Invoke(answer.Text);
            return Task.FromResult(answer);
        }
        if (model is null) return new Conversation(this, session, (question, hits, _, _, onText, _) => Offline(question, hits, onText), rewriter: null, options);
        var answerer = CreateAnswerer(model, generation, prices);
        return new Conversation(this, session, answerer.AnswerAsync, new QueryRewriter(model), options, TokenCounters.ForModel(model.ModelId));
    }

    /// <summary>
    /// Copies this knowledge base into the empty PostgreSQL (or other) database <paramref name="database"/>, as a new
    /// knowledge base folder <paramref name="directory"/> with the same options: documents, chunks, tags, dates,
    /// models and vectors (nothing re-embedded), examples, sessions and keys. Both are verified with <see cref="Check"/>
    /// afterwards; this one stays as it was. See <c>tailor migrate</c>.
    /// </summary>
    public Task<MigrationResult> MigrateAsync(string directory, string database, CancellationToken ct = default)
    {
        directory = Path.GetFullPath(directory);
        if (Manifest.Exists(directory))
            throw new TailorException($"{directory} already holds a knowledge base; choose a new folder for the migrated one (--into).");
        using var writer = _snapshots.BeginWrite(WriterWait); // nothing changes here while it is copied
        var target = StoreProviders.Open(database, directory);
        try
        {
            using var targetLease = target.AcquireWriter(WriterWait);
            ct.ThrowIfCancellationRequested();
            var (documents, chunks, embeddings, examples, sessions, keys) = StoreMigration.Copy(_store, target, _embeddingSync.Recorded, _embeddingSync.ActiveModelId());
            System.IO.Directory.CreateDirectory(directory);
            Manifest.Write(directory, Options with { Database = target.Location }, target);
            return Task.FromResult(new MigrationResult(directory, target.Location, documents, chunks, embeddings, examples, sessions, keys));
        }
        finally
        {
            target.Dispose();
        }
    }

    /// <summary>Deletes documents by id; returns how many existed.</summary>
    public Task<int> DeleteAsync(IReadOnlyCollection<string> documentIds, CancellationToken ct = default)
    {
        using var writer = _snapshots.BeginWrite(WriterWait);
        var existing = documentIds.Where(id => _store.GetDocument(id) != null).ToList();
        if (existing.Count == 0) return Task.FromResult(0);
        var snapshot = writer.Snapshot;
        snapshot.Lock.EnterWriteLock();
        try
        {
            foreach (var chunkId in _store.Delete(existing)) snapshot.Lexical.Remove(chunkId);
        }
        finally
        {
            snapshot.Lock.ExitWriteLock();
        }
        try
        {
            if (_embeddingSync.Mismatch() is null) _embeddingSync.Update(); // trains or extends the vectors after the change
        }
        finally
        {
            writer.Publish();
        }
        return Task.FromResult(existing.Count);
    }

    /// <summary>
    /// Verifies the knowledge base: manifest, SQLite integrity, orphaned chunks, chunk checksums, and
    /// the lexical index snapshot against an index rebuilt from the database. With
    /// <paramref name="repair"/>, derived data (the lexical index) is rebuilt when it is wrong.
    /// </summary>
    public IntegrityReport Check(bool repair = false) => new IntegrityChecker(Directory, Options, _store, _lexicalStore, _embeddingSync, _vectorIndexStore).Run(repair);

    public void Dispose() => _store.Dispose();
}
