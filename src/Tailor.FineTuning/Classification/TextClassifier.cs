using System.Runtime.InteropServices;
using Tailor.Embedding;

namespace Tailor.FineTuning.Classification;

/// <summary>
/// A trained local text classifier: its options, labels, fitted feature space and weights.
/// <see cref="Predict"/> is thread-safe. <see cref="Save"/> writes a model folder
/// (<c>classifier.json</c>: format version, options, labels, sizes; <c>classifier.bin</c>:
/// columns, IDF and weights, with a format version and a checksum) that <see cref="Load"/> reads back
/// into a classifier giving identical probabilities.
/// </summary>
public sealed class TextClassifier
{
    [ThreadStatic] private static FeatureSpace.Scratch? t_scratch;
    [ThreadStatic] private static float[]? t_buffer;

    internal TextClassifier(ClassifierOptions options, IReadOnlyList<string> labels, FeatureSpace features, ClassifierNetwork network)
    {
        Options = options;
        Labels = labels;
        Features = features;
        Network = network;
    }

    /// <summary>The options the model was trained with (its features are computed with them).</summary>
    public ClassifierOptions Options { get; }

    /// <summary>The class labels, sorted ordinally; probabilities follow this order.</summary>
    public IReadOnlyList<string> Labels { get; }

    internal FeatureSpace Features { get; }

    internal ClassifierNetwork Network { get; }

    /// <summary>Number of feature columns (hash buckets seen in training, plus the embedding's dimensions when it has them).</summary>
    public int FeatureCount => Features.Width;

    /// <summary>The most probable label of <paramref name="text"/> and every label's probability.</summary>
    public Prediction Predict(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var probabilities = new float[Labels.Count];
        PredictProbabilities(text, probabilities);
        var map = new Dictionary<string, double>(Labels.Count);
        for (int c = 0; c < Labels.Count; c++) map[Labels[c]] = probabilities[c];
        return new Prediction(Labels[ClassifierTrainer.ArgMax(probabilities)], map);
    }

    /// <summary>
    /// The predictions of many texts, in order: featurized together, so a server embedding model is asked in
    /// batches rather than once per text, and scored in parallel.
    /// </summary>
    public IReadOnlyList<Prediction> PredictAll(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var predictions = new Prediction[texts.Count];
        ScoreAll(texts, new ParallelOptions { CancellationToken = cancellationToken }, (i, probabilities) =>
        {
            var map = new Dictionary<string, double>(Labels.Count);
            for (int c = 0; c < Labels.Count; c++) map[Labels[c]] = probabilities[c];
            predictions[i] = new Prediction(Labels[ClassifierTrainer.ArgMax(probabilities)], map);
        });
        return predictions;
    }

    /// <summary>Featurizes <paramref name="texts"/> together, then hands each text's probabilities (a per-thread buffer) to <paramref name="sink"/>, in parallel.</summary>
    internal void ScoreAll(IReadOnlyList<string> texts, ParallelOptions parallel, Action<int, float[]> sink)
    {
        var rows = Features.TransformAll(texts, parallel);
        Parallel.For(0, texts.Count, parallel, () => (First: new float[Network.FirstWidth], Probabilities: new float[Labels.Count]), (i, _, scratch) =>
        {
            Network.Forward(rows.RowColumns(i), rows.RowValues(i), scratch.First, scratch.Probabilities);
            sink(i, scratch.Probabilities);
            return scratch;
        }, _ => { });
    }

    /// <summary>Writes the probability of each label (in <see cref="Labels"/> order) into <paramref name="probabilities"/>; allocates nothing after a thread's first call.</summary>
    public void PredictProbabilities(string text, Span<float> probabilities)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (probabilities.Length != Labels.Count) throw new ArgumentException($"expected room for {Labels.Count} probabilities", nameof(probabilities));
        var scratch = t_scratch ??= new FeatureSpace.Scratch();
        Features.Transform(text, scratch);
        if (t_buffer is null || t_buffer.Length < Network.FirstWidth) t_buffer = new float[Network.FirstWidth];
        Network.Forward(CollectionsMarshal.AsSpan(scratch.Columns),
            CollectionsMarshal.AsSpan(scratch.Values), t_buffer.AsSpan(0, Network.FirstWidth), probabilities);
    }

    /// <summary>Saves the model into the folder <paramref name="path"/> (created if needed; its two model files are replaced).</summary>
    public void Save(string path) => ClassifierModelFile.Save(this, path);

    /// <summary>
    /// Loads a model folder written by <see cref="Save"/>; throws <see cref="TailorException"/> when it is missing,
    /// of an unknown version or damaged, or when it was trained with server embeddings and <paramref name="embedder"/>
    /// (called only for such a model) gives no embedder or another model.
    /// </summary>
    public static TextClassifier Load(string path, Func<IEmbedder?>? embedder = null) => ClassifierModelFile.Load(path, embedder);
}
