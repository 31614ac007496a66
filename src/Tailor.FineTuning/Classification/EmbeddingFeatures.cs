using System.Numerics.Tensors;
using Tailor.Embedding;
using Tailor.Lexical;

namespace Tailor.FineTuning.Classification;

/// <summary>
/// The dense block of a classifier's features: a text's embedding by the built-in LSA embedder
/// (trained on the training texts, saved with the model) or by the configured server model. Vectors
/// are L2-normalized; <see cref="FeatureSpace"/> scales them to their share of the feature norm.
/// </summary>
internal sealed class EmbeddingFeatures
{
    /// <summary>The file in a model folder holding the built-in embedder.</summary>
    public const string BuiltinFileName = "embedder.lsa";

    private static readonly Analyzer LsaAnalyzer = new(new LexicalOptions());

    private int _seen;

    private EmbeddingFeatures(IEmbedder embedder, string kind, int dimensions = 0)
    {
        Embedder = embedder;
        Kind = kind;
        _seen = dimensions;
    }

    public IEmbedder Embedder { get; }

    /// <summary><c>builtin</c> or <c>server</c>.</summary>
    public string Kind { get; }

    /// <summary>
    /// The dimensions the classifier uses: as recorded in the model file, else as the first vector showed, else the
    /// embedder's own. A server model that later answers with another length is refused, not misread.
    /// </summary>
    public int Dimensions => _seen > 0 ? _seen : Embedder.Dimensions;

    /// <summary>The built-in embedder trained on <paramref name="texts"/> (deterministic for a seed).</summary>
    public static EmbeddingFeatures TrainBuiltin(IReadOnlyList<string> texts, int seed)
    {
        if (texts.Count < 3) throw new TailorException($"Built-in embedding features need at least 3 training texts; got {texts.Count}.");
        var options = new LsaOptions { Dimensions = Math.Min(new LsaOptions().Dimensions, texts.Count - 1), Seed = (ulong)seed };
        return new EmbeddingFeatures(LsaEmbedder.Train(texts, LsaAnalyzer.Analyze, options), "builtin");
    }

    /// <summary>Features from a server model; its dimensions are known after its first answer, or from the model file.</summary>
    public static EmbeddingFeatures Server(IEmbedder embedder, int dimensions = 0) => new(embedder, "server", dimensions);

    public static EmbeddingFeatures LoadBuiltin(string path)
    {
        using var stream = File.OpenRead(path);
        return new EmbeddingFeatures(LsaEmbedder.Load(stream, LsaAnalyzer.Analyze, path), "builtin");
    }

    public void SaveBuiltin(Stream stream) => ((LsaEmbedder)Embedder).Save(stream);

    /// <summary>The normalized embeddings of <paramref name="texts"/>, in order (a server model is asked in its own batches).</summary>
    public float[][] EmbedAll(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        var vectors = Embedder.EmbedDocumentsAsync(texts, cancellationToken).GetAwaiter().GetResult();
        if (vectors.Length != texts.Count) throw new TailorException($"The embedding model {Embedder.ModelId} returned {vectors.Length} vectors for {texts.Count} texts.");
        return Array.ConvertAll(vectors, Normalized);
    }

    /// <summary>The normalized embedding of one text.</summary>
    public float[] Embed(string text)
    {
        var vector = Embedder is LsaEmbedder lsa ? lsa.Embed(text) : Embedder.EmbedDocumentsAsync([text]).GetAwaiter().GetResult()[0];
        return Normalized(vector);
    }

    /// <summary>A unit-length copy (the embedder's own array may be cached and is left alone).</summary>
    private float[] Normalized(float[] vector)
    {
        if (_seen == 0) _seen = vector.Length;
        var copy = (float[])vector.Clone();
        float norm = TensorPrimitives.Norm<float>(copy);
        if (norm > 0) TensorPrimitives.Divide(copy, norm, copy);
        return copy;
    }
}
