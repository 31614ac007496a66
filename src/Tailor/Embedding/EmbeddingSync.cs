using Tailor.Ingestion;
using Tailor.Storage;

namespace Tailor.Embedding;

/// <summary>
/// Keeps the chunk embeddings in step with the chunks, with whichever embedder the knowledge base
/// records (<see cref="EmbedderInfo"/>). The built-in embedder lives in SQLite (derived data,
/// recomputable from the text): a first ingest trains it, later ingests embed only the new chunks,
/// and once the corpus has doubled since training it is retrained and everything re-embedded, in
/// one transaction. A server embedder embeds every new chunk (no minimum corpus), through the
/// embedding cache.
/// </summary>
internal sealed class EmbeddingSync
{
    /// <summary>Name of the built-in embedder's row in the models table.</summary>
    public const string ModelName = "builtin-lsa";

    /// <summary>Name of the row recording which server model the stored vectors come from.</summary>
    public const string ServerModelName = "server-embedder";

    /// <summary>Below this many chunks there is too little text to learn word co-occurrence from; search stays lexical.</summary>
    public const int MinimumChunks = 8;

    /// <summary>Chunks embedded and committed together by a server embedder: a crash loses at most one slice.</summary>
    private const int Slice = 512;

    /// <summary>Chunks embedded together (in parallel) by the built-in embedder.</summary>
    private const int BuiltinPage = 2048;

    private readonly IKnowledgeStore _store;
    private readonly Func<string, List<string>> _analyze;
    private readonly LsaOptions _options;
    private readonly IEmbedder? _configured;
    private readonly CachingEmbedder? _cache;
    private readonly IEmbedder? _server;

    /// <param name="recorded">The embedder the manifest records.</param>
    /// <param name="configured">The server embedder the host configured (null: none).</param>
    public EmbeddingSync(IKnowledgeStore store, Func<string, List<string>> analyze, LsaOptions options, EmbedderInfo recorded, IEmbedder? configured, string directory)
    {
        _store = store;
        _analyze = analyze;
        _options = options;
        Recorded = recorded;
        Directory = directory;
        _configured = configured is LsaEmbedder ? null : configured;
        if (!recorded.IsBuiltin && recorded.Matches(_configured))
        {
            _cache = new CachingEmbedder(_configured!, store);
            _server = recorded.Reduce is null ? _cache : new ReducedEmbedder(_cache, LoadProjection(store, recorded.VectorModelId!));
        }
    }

    /// <summary>Name of the models row holding the PCA projection of <paramref name="vectorModelId"/>.</summary>
    public static string ProjectionName(string vectorModelId) => "pca:" + vectorModelId;

    private static PcaProjection LoadProjection(IKnowledgeStore store, string vectorModelId)
    {
        var row = store.ReadModel(ProjectionName(vectorModelId))
            ?? throw new TailorException($"{store.Location}: the PCA projection of {vectorModelId} is missing; run `tailor reembed` with --reduce again.", TailorErrorKind.Corrupt);
        return PcaProjection.FromBytes(row.Data, $"{store.Location} (model {ProjectionName(vectorModelId)})");
    }

    public EmbedderInfo Recorded { get; }

    /// <summary>
    /// A knowledge base with no chunks yet has nothing embedded: it takes the configured embedder
    /// (recorded in its manifest) instead of refusing it.
    /// </summary>
    public static KnowledgeBaseOptions AdoptWhenEmpty(string directory, KnowledgeBaseOptions options, IKnowledgeStore store, IEmbedder? configured)
    {
        var recorded = options.Embedder ?? EmbedderInfo.Builtin;
        if (recorded.Matches(configured) || store.Counts().Chunks > 0) return options;
        options = options with { Embedder = EmbedderInfo.For(configured) };
        Manifest.Write(directory, options, store);
        return options;
    }

    private string Directory { get; }

    /// <summary>The server embedder in use (cache-fronted, projected when reduced), or null for the built-in one.</summary>
    public IEmbedder? Server => _server;

    /// <summary>The embedding cache in front of the server model, or null for the built-in one.</summary>
    public CachingEmbedder? Cache => _cache;

    /// <summary>The model id the stored vectors must carry to count (null: the built-in embedder is not trained yet).</summary>
    public string? ActiveModelId() => Recorded.IsBuiltin ? _store.ReadModel(ModelName)?.ModelId : Recorded.VectorModelId;

    /// <summary>Null when the configured embedder is the recorded one; else what is wrong and what to do.</summary>
    public string? Mismatch()
    {
        if (Recorded.Matches(_configured)) return null;
        if (Recorded.IsBuiltin)
            return $"{Directory}: this knowledge base is embedded with the built-in embedder but the configured embedding model is '{_configured!.ModelId}'; run `tailor reembed {EmbedderInfo.For(_configured).ReembedArguments()}` to switch (or unset TAILOR_EMBEDDING_MODEL).";
        if (_configured is null && Recorded.IsPretrained)
            return $"{Directory}: this knowledge base is embedded with {Recorded.Describe()}, which this host cannot load; open it from the tailor CLI (or call Tailor.Onnx.OnnxEmbedders.Register() first), or run `tailor reembed --builtin` to switch to the built-in embedder.";
        if (_configured is null)
            return $"{Directory}: this knowledge base is embedded with {Recorded.Describe()} on an embedding server, but no embedding model is configured; set TAILOR_EMBEDDING_MODEL and OPENAI_BASE_URL (or OPENAI_API_KEY) to use it, or run `tailor reembed --builtin` to switch to the built-in embedder.";
        return $"{Directory}: this knowledge base is embedded with {Recorded.Describe()} but the configured embedding model is '{_configured.ModelId}'; run `tailor reembed {EmbedderInfo.For(_configured).ReembedArguments()}` to switch (or set TAILOR_EMBEDDING_MODEL back to match).";
    }

    /// <summary>Throws the <see cref="Mismatch"/> as a <see cref="TailorException"/>.</summary>
    public void EnsureUsable()
    {
        if (Mismatch() is { } problem) throw new TailorException(problem, TailorErrorKind.Conflict);
    }

    /// <summary>The embedder queries must use: the built-in model (null until trained) or the server embedder.</summary>
    public IEmbedder? LoadModel()
    {
        if (!Recorded.IsBuiltin)
        {
            EnsureUsable();
            return _server;
        }
        return LoadBuiltin();
    }

    public LsaEmbedder? LoadBuiltin()
    {
        var row = _store.ReadModel(ModelName);
        if (row is null) return null;
        using var stream = new MemoryStream(row.Value.Data, writable: false);
        return LsaEmbedder.Load(stream, _analyze, $"{_store.Location} (model {ModelName})");
    }

    /// <summary>Length of <paramref name="model"/>'s vectors: its own, else the recorded one, else a stored vector's (0 when none is stored).</summary>
    public int StoredDimensions(IEmbedder model)
    {
        if (model.Dimensions > 0) return model.Dimensions;
        if (!Recorded.IsBuiltin && Recorded.Dimensions is { } d) return d;
        foreach (var (_, vector) in _store.ScanEmbeddings(model.ModelId)) return vector.Length;
        return 0;
    }

    /// <summary>Retrains the built-in embedder from scratch (its stored model is damaged); the caller holds the writer lease.</summary>
    public void Retrain() => RetrainBuiltin(_store, _analyze, _options);

    /// <summary>Synchronous <see cref="UpdateAsync"/>, for the integrity checker.</summary>
    public (IEmbedder? Model, bool Retrained, int Embedded) Update() => UpdateAsync().GetAwaiter().GetResult();

    /// <summary>Trains or extends as needed; returns the current model (null when there is none yet) and how many chunks were embedded.</summary>
    public async Task<(IEmbedder? Model, bool Retrained, int Embedded)> UpdateAsync(IProgress<EmbeddingProgress>? progress = null, CancellationToken ct = default)
    {
        if (!Recorded.IsBuiltin)
        {
            EnsureUsable();
            try
            {
                int done = await EmbedWithServerAsync(progress, ct).ConfigureAwait(false);
                return (_server, false, done);
            }
            catch (TailorException ex)
            {
                throw new TailorException($"{ex.Message} (The documents themselves are saved and searchable with --mode lexical; their embeddings are pending: run `tailor ingest` again or `tailor check --repair` once the server answers.)", ex);
            }
        }
        var (_, chunks) = _store.Counts();
        var model = LoadBuiltin();
        if (chunks < MinimumChunks) return (model, false, 0);
        if (model is null || model.IsStale((int)Math.Min(int.MaxValue, chunks)))
        {
            var (trained, all) = RetrainBuiltin(_store, _analyze, _options);
            return (trained, true, all);
        }
        int embedded = 0;
        foreach (var page in ChunkWalk.Pending(_store, model.ModelId, BuiltinPage))
            embedded += _store.WriteEmbeddings(model.ModelId, EmbedBuiltin(model, page));
        return (model, false, embedded);
    }

    /// <summary>Embeds the chunks that have no vector yet with the server embedder, a page at a time, committing each page.</summary>
    private async Task<int> EmbedWithServerAsync(IProgress<EmbeddingProgress>? progress, CancellationToken ct)
    {
        var modelId = Recorded.VectorModelId!;
        long pending = _store.Counts().Chunks - _store.CountEmbeddings(modelId);
        int done = 0;
        foreach (var page in ChunkWalk.Pending(_store, modelId, Slice))
        {
            var vectors = await EmbedRowsAsync(_server!, page, ct).ConfigureAwait(false);
            _store.WriteEmbeddings(modelId, page.Select((row, i) => (row.Id, vectors[i])));
            done += page.Count;
            progress?.Report(new EmbeddingProgress(done, (int)Math.Max(pending, done), (int)_cache!.Hits));
        }
        return done;
    }

    /// <summary>Embeds chunk rows as documents; an input the model refuses is named by its document and chunk.</summary>
    public async Task<float[][]> EmbedRowsAsync(IEmbedder embedder, IReadOnlyList<ChunkRow> rows, CancellationToken ct)
    {
        var texts = rows.Select(r => DocumentPreparer.IndexedText(r.Title, r.Section, r.Text)).ToList();
        try
        {
            return await embedder.EmbedDocumentsAsync(texts, ct).ConfigureAwait(false);
        }
        catch (TailorException ex) when (EmbeddingInputError.IndexOf(ex) is { } index && index < rows.Count)
        {
            var chunk = _store.GetChunks([rows[index].Id]);
            var where = chunk.TryGetValue(rows[index].Id, out var c) ? $"{c.Document.Source}, chunk {c.Chunk.Ordinal + 1} (\"{c.Chunk.Section}\")" : $"chunk {rows[index].Id}";
            throw new TailorException($"{where}: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Trains the built-in embedder on every stored chunk and stores it, with every chunk's vector, in one
    /// transaction that drops the old vectors. The chunks are streamed from the database twice (train, then
    /// embed a slice at a time), so memory holds the model and one slice, not the corpus.
    /// </summary>
    public static (LsaEmbedder Model, int Embedded) RetrainBuiltin(IKnowledgeStore store, Func<string, List<string>> analyze, LsaOptions options)
    {
        long chunks = store.Counts().Chunks;
        var dims = (int)Math.Max(2, Math.Min(options.Dimensions, chunks - 1));
        var model = LsaEmbedder.Train(ChunkWalk.All(store).Select(r => DocumentPreparer.IndexedText(r.Title, r.Section, r.Text)), analyze, options with { Dimensions = dims });
        using var buffer = new MemoryStream();
        model.Save(buffer);
        int embedded = store.WriteEmbeddings(model.ModelId, EmbedStored(model, store), (ModelName, buffer.ToArray()));
        return (model, embedded);
    }

    private static IEnumerable<(long, float[])> EmbedStored(LsaEmbedder model, IKnowledgeStore store)
    {
        foreach (var slice in ChunkWalk.All(store, BuiltinPage).Chunk(BuiltinPage))
            foreach (var pair in EmbedBuiltin(model, slice)) yield return pair;
    }

    /// <summary>The built-in embedder's vectors of <paramref name="rows"/>, computed in parallel.</summary>
    private static List<(long, float[])> EmbedBuiltin(LsaEmbedder model, IReadOnlyList<ChunkRow> rows)
    {
        var result = new (long, float[])[rows.Count];
        Parallel.For(0, rows.Count, i => result[i] = (rows[i].Id, model.Embed(DocumentPreparer.IndexedText(rows[i].Title, rows[i].Section, rows[i].Text))));
        return [.. result];
    }
}
