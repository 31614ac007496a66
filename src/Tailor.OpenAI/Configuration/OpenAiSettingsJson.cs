using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tailor.OpenAI.Configuration;

/// <summary>The config file's shape: <c>{ "openai": { "apiKey": ..., "baseUrl": ..., ... }, "rerank": { "url", ... } }</c>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(ConfigFile))]
internal sealed partial class OpenAiSettingsJson : JsonSerializerContext;

internal sealed record ConfigFile
{
    [JsonPropertyName("openai")]
    public ConfigFileOpenAi? OpenAi { get; init; }

    [JsonPropertyName("rerank")]
    public ConfigFileRerank? Rerank { get; init; }

    // The last file read, so the OpenAI and rerank settings of one process parse it once; an edited file is read again.
    private static Cached? _last;

    private sealed record Cached(string Path, DateTime Written, long Length, ConfigFile File);

    /// <summary>Reads the config file at <paramref name="path"/>, or null when there is none.</summary>
    public static ConfigFile? Read(string? path)
    {
        if (path is null) return null;
        var info = new FileInfo(path);
        if (!info.Exists) return null;
        if (_last is { } last && last.Path == info.FullName && last.Written == info.LastWriteTimeUtc && last.Length == info.Length) return last.File;
        try
        {
            using var stream = info.OpenRead();
            var file = JsonSerializer.Deserialize(stream, OpenAiSettingsJson.Default.ConfigFile) ?? new ConfigFile();
            _last = new Cached(info.FullName, info.LastWriteTimeUtc, info.Length, file);
            return file;
        }
        catch (JsonException ex)
        {
            throw new TailorException($"{path}: not valid JSON ({ex.Message}); fix the config file or point TAILOR_CONFIG elsewhere.", ex);
        }
        catch (IOException ex)
        {
            throw new TailorException($"{path}: cannot read the config file ({ex.Message}).", ex);
        }
    }
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

/// <summary>The config file's <c>"rerank"</c> section: <c>{ "url", "model", "format", "apiKey", "timeoutSeconds" }</c>.</summary>
internal sealed record ConfigFileRerank
{
    public string? Url { get; init; }
    public string? Model { get; init; }
    public string? Format { get; init; }
    public string? ApiKey { get; init; }
    public double? TimeoutSeconds { get; init; }
}
