using System.Text.Json;

namespace Tailor.Server.OpenAi;

/// <summary>An OpenAI embeddings request: input (a string or an array of strings) and the knowledge base as model.</summary>
public sealed record EmbeddingRequest
{
    public required string Model { get; init; }

    public JsonElement Input { get; init; }

    /// <summary>float (default) or base64 (little-endian float32, as the OpenAI SDKs ask for).</summary>
    public string? EncodingFormat { get; init; }
}
