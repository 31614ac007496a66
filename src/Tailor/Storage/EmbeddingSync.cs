using Tailor.Embedding;
using Tailor.Ingestion;

namespace Tailor.Storage;

/// <summary>
/// Keeps the built-in embedder and the chunk embeddings in step with the chunks. The model and
/// the vectors live in SQLite (derived data, recomputable from the text): a first ingest trains the
/// model, later ingests embed only the new chunks, and once the corpus has doubled since training
/// the model is retrained and everything re-embedded, in one transaction.
/// </summary>
internal sealed class EmbeddingSync
{
    /// <summary>Name of the built-in embedder's row in the models table.</summary>
    public const string ModelName = "builtin-lsa";

    /// <summary>Below this many chunks there is too little text to learn word co-occurrence from; search stays lexical.</summary>
    public const int MinimumChunks = 8;

    private readonly SqliteStore _store;
    private readonly Func<string, List<string>> _analyze;
    private readonly LsaOptions _options;

    public EmbeddingSync(SqliteStore store, Func<string, List<string>> analyze, LsaOptions options)
    {
        _store = store;
        _analyze = analyze;
        _options = options;
    }

    public LsaEmbedder? LoadModel()
    {
        var row = _store.ReadModel(ModelName);
        if (row is null) return null;
        using var stream = new MemoryStream(row.Value.Data, writable: false);
        return LsaEmbedder.Load(stream, _analyze, $"{_store.Path} (model {ModelName})");
    }

    /// <summary>Trains or extends as needed; returns the current model (null when the corpus is too small) and how many chunks were embedded.</summary>
    public (LsaEmbedder? Model, bool Retrained, int Embedded) Update()
    {
        var (_, chunks) = _store.Counts();
        var model = LoadModel();
        if (chunks < MinimumChunks) return (model, false, 0);
        if (model is null || model.IsStale((int)Math.Min(int.MaxValue, chunks)))
        {
            var rows = _store.ScanChunksForIndex().ToList();
            var texts = rows.Select(r => DocumentPreparer.IndexedText(r.Title, r.Section, r.Text)).ToList();
            var dims = Math.Max(2, Math.Min(_options.Dimensions, texts.Count - 1));
            model = LsaEmbedder.Train(texts, _analyze, _options with { Dimensions = dims });
            var vectors = Embed(model, rows.Select(r => r.Id).ToList(), texts);
            using var buffer = new MemoryStream();
            model.Save(buffer);
            _store.WriteEmbeddings(model.ModelId, vectors, (ModelName, buffer.ToArray()));
            return (model, true, vectors.Count);
        }
        var missing = _store.ChunksWithoutEmbedding(model.ModelId);
        if (missing.Count == 0) return (model, false, 0);
        var fresh = Embed(model, missing.Select(r => r.Id).ToList(), missing.Select(r => DocumentPreparer.IndexedText(r.Title, r.Section, r.Text)).ToList());
        _store.WriteEmbeddings(model.ModelId, fresh);
        return (model, false, fresh.Count);
    }

    private static List<(long, float[])> Embed(LsaEmbedder model, List<long> ids, List<string> texts)
    {
        var vectors = new float[texts.Count][];
        Parallel.For(0, texts.Count, i => vectors[i] = model.Embed(texts[i]));
        var result = new List<(long, float[])>(ids.Count);
        for (int i = 0; i < ids.Count; i++) result.Add((ids[i], vectors[i]));
        return result;
    }
}
