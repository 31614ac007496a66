using System.Text.Json.Serialization;

namespace Tailor.OpenAI.Reranking;

/// <summary>The config file's rerank section: <c>{ "rerank": { "url", "model", "format", "apiKey", "timeoutSeconds" } }</c>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(RerankConfigFile))]
internal sealed partial class RerankSettingsJson : JsonSerializerContext;

internal sealed record RerankConfigFile
{
    [JsonPropertyName("rerank")]
    public RerankConfigSection? Rerank { get; init; }
}

internal sealed record RerankConfigSection
{
    public string? Url { get; init; }
    public string? Model { get; init; }
    public string? Format { get; init; }
    public string? ApiKey { get; init; }
    public double? TimeoutSeconds { get; init; }
}
