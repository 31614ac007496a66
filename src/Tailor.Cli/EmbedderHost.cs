using Tailor.Embedding;
using Tailor.Onnx;
using Tailor.Onnx.Models;
using Tailor.OpenAI.Configuration;
using Tailor.OpenAI.Embedding;

namespace Tailor.Cli;

/// <summary>
/// The embedder the CLI hands to the knowledge base, resolved once per process from
/// <see cref="OpenAiSettings"/> (config file and environment): a server embedder when
/// TAILOR_EMBEDDING_MODEL and a server are configured, else null (the knowledge base's own: the one
/// its manifest records). New knowledge bases get <see cref="Default"/> or <c>--embedder</c>.
/// </summary>
internal static class EmbedderHost
{
    /// <summary>The embedder of a new knowledge base when neither --embedder, TAILOR_EMBEDDER nor a server model is given (chosen by measurement, docs/BENCHMARKS.md).</summary>
    public const string BuiltInDefault = BundledModels.MiniLm;

    /// <summary>The embedder of new knowledge bases: TAILOR_EMBEDDER when set, else <see cref="BuiltInDefault"/>.</summary>
    public static string Default => Environment.GetEnvironmentVariable("TAILOR_EMBEDDER") is { Length: > 0 } name ? name : BuiltInDefault;

    /// <summary>What --embedder accepts, for help texts.</summary>
    public const string Choices = "minilm (pretrained, the default), arctic-xs (pretrained), builtin (LSA trained on the knowledge base's own text), or a folder holding a sentence-transformers ONNX export (model.onnx, vocab.txt)";

    static EmbedderHost() => OnnxEmbedders.Register(Threads);

    /// <summary>TAILOR_ONNX_THREADS: ONNX Runtime intra-op threads for pretrained models (default: one per processor).</summary>
    private static int? Threads => int.TryParse(Environment.GetEnvironmentVariable("TAILOR_ONNX_THREADS"), out int n) && n > 0 ? n : null;

    private static readonly Lazy<IEmbedder?> Configured = new(() =>
    {
        var settings = OpenAiSettings.Resolve();
        return settings.HasEmbeddingModel ? OpenAiEmbedder.Create(settings) : null;
    });

    /// <summary>The configured server embedder, or null for the knowledge base's own.</summary>
    public static IEmbedder? Resolve() => Configured.Value;

    /// <summary>A server embedder for <paramref name="model"/> (and optionally <paramref name="dimensions"/>) on the configured server.</summary>
    public static IEmbedder ForModel(string model, int? dimensions)
    {
        var settings = OpenAiSettings.Resolve();
        settings = settings with { EmbeddingModel = model, EmbeddingDimensions = dimensions ?? (model == settings.EmbeddingModel ? settings.EmbeddingDimensions : null) };
        if (!settings.HasServer)
            throw new TailorException($"--model {model} needs an embedding server, and none is configured ({settings.Origin}); set OPENAI_BASE_URL (e.g. http://localhost:11434/v1 for Ollama) or OPENAI_API_KEY.");
        return OpenAiEmbedder.Create(settings);
    }

    /// <summary>
    /// The embedder for <c>--embedder NAME</c>: null for "builtin", a bundled pretrained model by name, or
    /// the export in the folder NAME.
    /// </summary>
    public static IEmbedder? Named(string name)
    {
        if (string.Equals(name, "builtin", StringComparison.OrdinalIgnoreCase)) return null;
        if (BundledModels.Find(name) is null && !Directory.Exists(name))
            throw new TailorException($"--embedder {name}: not a bundled model nor a folder; use {Choices}.");
        return OnnxEmbedder.Create(name, Threads);
    }

    /// <summary>
    /// The embedder for <c>tailor ingest</c> into <paramref name="directory"/>: --embedder when given; else a
    /// configured server model; else, for a new knowledge base, <see cref="Default"/> (an existing one keeps its own).
    /// </summary>
    public static IEmbedder? ForIngest(string directory, string? name)
    {
        if (name is not null) return Named(name);
        if (Resolve() is { } server) return server;
        return KnowledgeBase.Exists(directory) ? null : Named(Default);
    }
}
