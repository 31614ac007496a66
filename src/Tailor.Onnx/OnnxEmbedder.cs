using Tailor.Embedding;
using Tailor.Onnx.Inference;
using Tailor.Onnx.Models;

namespace Tailor.Onnx;

/// <summary>
/// A pretrained sentence embedder on ONNX Runtime: BERT WordPiece tokens, the model's pooling
/// (CLS or mean), L2-normalized vectors, the query prefix the model was trained with. Runs offline.
/// The session is loaded on first use and shared by the whole process.
/// </summary>
public sealed class OnnxEmbedder : IEmbedder
{
    private readonly int _threads;

    public OnnxEmbedder(OnnxModelSpec spec, int? threads = null)
    {
        Spec = spec;
        _threads = threads ?? Environment.ProcessorCount;
    }

    /// <summary>The bundled model <paramref name="name"/> (arctic-xs, minilm) or the export in folder <paramref name="name"/>.</summary>
    public static OnnxEmbedder Create(string name, int? threads = null) =>
        new(BundledModels.Find(name) ?? OnnxModelFolder.Read(name), threads);

    public OnnxModelSpec Spec { get; }

    public string ModelId => Spec.Name;

    public string Kind => EmbedderInfo.PretrainedKind;

    public int Dimensions => Spec.Dimensions > 0 ? Spec.Dimensions : Model.Dimensions;

    /// <summary>The loaded model (loads it the first time in this process).</summary>
    private OnnxModel Model => OnnxModelCache.Get(Spec, _threads);

    /// <summary>Loads the model now if this process has not yet; returns how long its load took.</summary>
    public TimeSpan EnsureLoaded() => Model.LoadTime;

    // Both sides run on the caller's thread and return completed tasks: the work is CPU-bound inside ONNX Runtime's own
    // threads, and callers that must block (the offline answerer's judgement by meaning) then never wait on another
    // thread-pool task, which starves the pool under concurrent requests.
    public Task<float[][]> EmbedDocumentsAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        Task.FromResult(texts.Count == 0 ? [] : Model.Embed(texts, Spec.DocumentPrefix, cancellationToken));

    public Task<float[]> EmbedQueryAsync(string text, CancellationToken cancellationToken = default) =>
        Task.FromResult(Model.Embed([text], Spec.QueryPrefix, cancellationToken)[0]);

    /// <summary>WordPiece ids of <paramref name="text"/> as the model sees it (for tests and benchmarks).</summary>
    public IReadOnlyList<long> Tokenize(string text) => Model.Tokenize(text);
}
