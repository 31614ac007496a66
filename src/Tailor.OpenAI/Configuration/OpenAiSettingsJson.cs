using System.Text.Json.Serialization;

namespace Tailor.OpenAI.Configuration;

/// <summary>The config file's shape: <c>{ "openai": { "apiKey": ..., "baseUrl": ..., ... } }</c>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(ConfigFile))]
internal sealed partial class OpenAiSettingsJson : JsonSerializerContext;

internal sealed record ConfigFile
{
    [JsonPropertyName("openai")]
    public ConfigFileOpenAi? OpenAi { get; init; }
}

internal sealed record ConfigFileOpenAi
{
    public string? ApiKey { get; init; }
    public string? BaseUrl { get; init; }
    public string? ChatModel { get; init; }
    public string? EmbeddingModel { get; init; }
    public int? EmbeddingDimensions { get; init; }
    public string? EmbeddingQueryPrefix { get; init; }
    public string? EmbeddingDocumentPrefix { get; init; }
    public int? EmbeddingConcurrency { get; init; }
    public int? ContextWindow { get; init; }
    public string? AzureEndpoint { get; init; }
    public string? AzureApiVersion { get; init; }
    public double? TimeoutSeconds { get; init; }
    public int? MaxRetries { get; init; }
}
