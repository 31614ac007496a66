using Tailor.Embedding;
using Tailor.OpenAI.Configuration;
using Tailor.OpenAI.Embedding;

namespace Tailor.Cli;

/// <summary>
/// The embedder the CLI hands to the knowledge base, resolved once per process from
/// <see cref="OpenAiSettings"/> (config file and environment): a server embedder when
/// TAILOR_EMBEDDING_MODEL and a server are configured, else null (the built-in embedder).
/// </summary>
internal static class EmbedderHost
{
    private static readonly Lazy<IEmbedder?> Configured = new(() =>
    {
        var settings = OpenAiSettings.Resolve();
        return settings.HasEmbeddingModel ? OpenAiEmbedder.Create(settings) : null;
    });

    /// <summary>The configured server embedder, or null for the built-in one.</summary>
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
}
