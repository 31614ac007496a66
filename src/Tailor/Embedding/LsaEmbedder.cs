using System.Numerics.Tensors;

namespace Tailor.Embedding;

/// <summary>
/// The built-in embedder: latent semantic analysis trained on the knowledge base's own text, no
/// download needed. Text is analyzed with the same analyzer as lexical search, weighted by
/// sublinear TF-IDF, projected onto the top singular vectors of the corpus' TF-IDF matrix and
/// L2-normalized. Documents and queries are embedded alike. Thread-safe once trained or loaded.
/// </summary>
public sealed class LsaEmbedder : IEmbedder
{
    private readonly LsaModel _model;
    private readonly Func<string, List<string>> _analyze;
    private readonly Dictionary<string, int> _vocabulary;

    private LsaEmbedder(LsaModel model, Func<string, List<string>> analyze)
    {
        _model = model;
        _analyze = analyze;
        _vocabulary = new Dictionary<string, int>(model.Terms.Length, StringComparer.Ordinal);
        for (int t = 0; t < model.Terms.Length; t++) _vocabulary.TryAdd(model.Terms[t], t);
    }

    /// <inheritdoc/>
    public string ModelId => _model.ModelId;

    /// <inheritdoc/>
    public int Dimensions => _model.Dimensions;

    /// <summary>The options the model was trained with.</summary>
    public LsaOptions Options => _model.Options;

    /// <summary>Number of documents the model was trained on.</summary>
    public int DocumentCount => _model.DocumentCount;

    /// <summary>Number of terms in the vocabulary.</summary>
    public int VocabularySize => _model.Terms.Length;

    /// <summary>
    /// True when a corpus of <paramref name="documentCount"/> chunks has outgrown this model: it has at
    /// least <paramref name="growthFactor"/> times the chunks the model was trained on. Retraining at
    /// a fixed growth factor keeps the total retraining cost proportional to the corpus size.
    /// </summary>
    public bool IsStale(int documentCount, double growthFactor = 2.0)
    {
        if (!double.IsFinite(growthFactor) || growthFactor <= 1)
            throw new TailorException($"The retraining growth factor is {growthFactor}; use a value above 1 (typical 2).");
        return documentCount >= _model.DocumentCount * growthFactor;
    }

    /// <summary>
    /// Trains a model on <paramref name="texts"/> (one per document or chunk), analyzing each with
    /// <paramref name="analyze"/> (called concurrently, so it must be thread-safe).
    /// </summary>
    public static LsaEmbedder Train(IEnumerable<string> texts, Func<string, List<string>> analyze, LsaOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(analyze);
        options ??= new LsaOptions();
        options.Validate();
        return new LsaEmbedder(LsaTrainer.Train(texts, analyze, options), analyze);
    }

    /// <summary>Writes the model (with format version and checksum) to <paramref name="stream"/>.</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        LsaModelFile.Save(_model, stream);
    }

    /// <summary>
    /// Reads a model written by <see cref="Save"/>; <paramref name="analyze"/> must be the analyzer it
    /// was trained with. Throws a <see cref="TailorException"/> naming <paramref name="source"/> when
    /// the data is damaged or from a newer version.
    /// </summary>
    public static LsaEmbedder Load(Stream stream, Func<string, List<string>> analyze, string source = "(stream)")
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(analyze);
        return new LsaEmbedder(LsaModelFile.Load(stream, source), analyze);
    }

    /// <summary>Embeds one text into <paramref name="destination"/> (length <see cref="Dimensions"/>); all zeros when no word of it is known.</summary>
    public void Embed(string text, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(text);
        int dims = _model.Dimensions;
        if (destination.Length != dims) throw new ArgumentException($"destination must have {dims} elements", nameof(destination));
        destination.Clear();
        var terms = _analyze(text);
        if (terms.Count == 0) return;
        var ids = terms.Count <= 256 ? stackalloc int[terms.Count] : new int[terms.Count];
        int n = 0;
        foreach (var term in terms)
        {
            if (_vocabulary.TryGetValue(term, out int id)) ids[n++] = id;
        }
        ids = ids[..n];
        ids.Sort();
        var projection = _model.Projection.AsSpan();
        for (int i = 0; i < ids.Length;)
        {
            int id = ids[i], run = 1;
            while (i + run < ids.Length && ids[i + run] == id) run++;
            float weight = (float)((1.0 + Math.Log(run)) * _model.Idf[id]);
            TensorPrimitives.MultiplyAdd(projection.Slice(id * dims, dims), weight, destination, destination);
            i += run;
        }
        float norm = TensorPrimitives.Norm(destination);
        if (norm > 0) TensorPrimitives.Divide(destination, norm, destination);
    }

    /// <summary>Embeds one text.</summary>
    public float[] Embed(string text)
    {
        var vector = new float[_model.Dimensions];
        Embed(text, vector);
        return vector;
    }

    /// <inheritdoc/>
    public Task<float[][]> EmbedDocumentsAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var vectors = new float[texts.Count][];
        var parallel = new ParallelOptions { CancellationToken = cancellationToken };
        if (texts.Count >= 64) Parallel.For(0, texts.Count, parallel, i => vectors[i] = Embed(texts[i]));
        else
        {
            for (int i = 0; i < texts.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                vectors[i] = Embed(texts[i]);
            }
        }
        return Task.FromResult(vectors);
    }

    /// <inheritdoc/>
    public Task<float[]> EmbedQueryAsync(string text, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Embed(text));
    }
}
