using System.Collections;
using System.Text.Json.Serialization;

namespace Tailor.OpenAI.Configuration;

/// <summary>
/// Where the model server is and which models to use. Resolved once from the config file and the
/// environment (the environment wins): <c>OPENAI_API_KEY</c>, <c>OPENAI_BASE_URL</c>,
/// <c>TAILOR_CHAT_MODEL</c>, <c>TAILOR_CONTEXT_WINDOW</c>, <c>TAILOR_EMBEDDING_MODEL</c>, <c>TAILOR_EMBEDDING_DIMENSIONS</c>,
/// <c>TAILOR_EMBEDDING_QUERY_PREFIX</c>, <c>TAILOR_EMBEDDING_DOCUMENT_PREFIX</c>, <c>TAILOR_EMBEDDING_CONCURRENCY</c>,
/// and for Azure OpenAI <c>AZURE_OPENAI_ENDPOINT</c>, <c>AZURE_OPENAI_API_KEY</c>,
/// <c>AZURE_OPENAI_API_VERSION</c> (deployments are the model names). The config file is
/// <c>TAILOR_CONFIG</c>, else <c>$XDG_CONFIG_HOME/tailor/config.json</c>, else
/// <c>~/.config/tailor/config.json</c>, with these fields under <c>"openai"</c>.
/// </summary>
public sealed record OpenAiSettings
{
    /// <summary>OpenAI's public endpoint, used when no base URL is given.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://api.openai.com/v1/");

    /// <summary>The Azure OpenAI API version used when none is given.</summary>
    public const string DefaultAzureApiVersion = "2024-10-21";

    public string? ApiKey { get; init; }

    /// <summary>Base URL of an OpenAI-compatible server, ending in <c>/v1/</c> (e.g. Ollama: http://localhost:11434/v1).</summary>
    public Uri? BaseUrl { get; init; }

    /// <summary>Chat model (or Azure deployment) for generated answers; null: answers are extractive.</summary>
    public string? ChatModel { get; init; }

    /// <summary>Embedding model (or Azure deployment); null: the built-in embedder.</summary>
    public string? EmbeddingModel { get; init; }

    /// <summary>Requested embedding dimensions for models that can shorten their vectors (text-embedding-3-*).</summary>
    public int? EmbeddingDimensions { get; init; }

    /// <summary>Put before every search query sent to the embedding model (e.g. "search_query: " for nomic-embed-text).</summary>
    public string? EmbeddingQueryPrefix { get; init; }

    /// <summary>Put before every document chunk sent to the embedding model (e.g. "search_document: ").</summary>
    public string? EmbeddingDocumentPrefix { get; init; }

    /// <summary>Embedding requests in flight at once (default 4).</summary>
    public int? EmbeddingConcurrency { get; init; }

    /// <summary>Overrides the chat model's known context window (tokens).</summary>
    public int? ContextWindow { get; init; }

    /// <summary>Azure OpenAI resource endpoint (https://NAME.openai.azure.com/); when set, requests use Azure's deployment routes.</summary>
    public Uri? AzureEndpoint { get; init; }

    public string AzureApiVersion { get; init; } = DefaultAzureApiVersion;

    /// <summary>Time allowed for one HTTP request.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Retries on 429, 5xx and network errors (backoff with jitter, honouring Retry-After).</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>Where the settings came from, for messages ("environment", a config file path).</summary>
    [JsonIgnore]
    public string Origin { get; init; } = "defaults";

    public bool IsAzure => AzureEndpoint != null;

    /// <summary>True when a server is configured at all (a key, a base URL, or an Azure endpoint).</summary>
    public bool HasServer => ApiKey != null || BaseUrl != null || AzureEndpoint != null;

    /// <summary>True when generated answers can be used.</summary>
    public bool HasChatModel => HasServer && !string.IsNullOrWhiteSpace(ChatModel);

    /// <summary>True when a server embedder is configured.</summary>
    public bool HasEmbeddingModel => HasServer && !string.IsNullOrWhiteSpace(EmbeddingModel);

    /// <summary>The endpoint requests go to.</summary>
    public Uri Endpoint => AzureEndpoint ?? BaseUrl ?? DefaultBaseUrl;

    /// <summary>Reads the config file (when present) and the process environment.</summary>
    public static OpenAiSettings Resolve() => Resolve(Environment.GetEnvironmentVariables());

    /// <summary>Reads the config file (when present) and then <paramref name="environment"/>, which wins.</summary>
    public static OpenAiSettings Resolve(IDictionary environment)
    {
        string? Env(string name) => environment[name] is string s && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;
        var path = ConfigFilePath(Env);
        var file = ConfigFile.Read(path);
        var settings = file?.OpenAi is { } section ? FromFile(section, path!) : new OpenAiSettings();
        var fromEnv = false;
        T? Pick<T>(string name, Func<string, T> parse, T? current)
        {
            var value = Env(name);
            if (value is null) return current;
            fromEnv = true;
            return parse(value);
        }
        string Picked(string value) // prefixes keep their spaces ("search_query: ")
        {
            fromEnv = true;
            return value;
        }
        settings = settings with
        {
            ApiKey = Pick("OPENAI_API_KEY", v => v, settings.ApiKey),
            BaseUrl = Pick("OPENAI_BASE_URL", v => ParseUrl(v, "OPENAI_BASE_URL"), settings.BaseUrl),
            ChatModel = Pick("TAILOR_CHAT_MODEL", v => v, settings.ChatModel),
            EmbeddingModel = Pick("TAILOR_EMBEDDING_MODEL", v => v, settings.EmbeddingModel),
            EmbeddingDimensions = Pick("TAILOR_EMBEDDING_DIMENSIONS", v => (int?)ParsePositive(v, "TAILOR_EMBEDDING_DIMENSIONS"), settings.EmbeddingDimensions),
            ContextWindow = Pick("TAILOR_CONTEXT_WINDOW", v => (int?)ParsePositive(v, "TAILOR_CONTEXT_WINDOW"), settings.ContextWindow),
            EmbeddingQueryPrefix = environment["TAILOR_EMBEDDING_QUERY_PREFIX"] is string qp && qp.Length > 0 ? Picked(qp) : settings.EmbeddingQueryPrefix,
            EmbeddingDocumentPrefix = environment["TAILOR_EMBEDDING_DOCUMENT_PREFIX"] is string dp && dp.Length > 0 ? Picked(dp) : settings.EmbeddingDocumentPrefix,
            EmbeddingConcurrency = Pick("TAILOR_EMBEDDING_CONCURRENCY", v => (int?)ParsePositive(v, "TAILOR_EMBEDDING_CONCURRENCY"), settings.EmbeddingConcurrency),
            AzureEndpoint = Pick("AZURE_OPENAI_ENDPOINT", v => ParseUrl(v, "AZURE_OPENAI_ENDPOINT"), settings.AzureEndpoint),
            AzureApiVersion = Pick("AZURE_OPENAI_API_VERSION", v => v, settings.AzureApiVersion)!,
        };
        if (settings.IsAzure) settings = settings with { ApiKey = Env("AZURE_OPENAI_API_KEY") ?? settings.ApiKey };
        var origin = (file != null, fromEnv) switch
        {
            (true, true) => $"{path} and the environment",
            (true, false) => path!,
            (false, true) => "the environment",
            _ => "defaults",
        };
        settings = settings with { Origin = origin };
        settings.Validate();
        return settings;
    }

    public void Validate()
    {
        if (Timeout <= TimeSpan.Zero) throw new TailorException($"the request timeout ({Origin}) must be positive; set openai.timeoutSeconds to a number of seconds.");
        if (MaxRetries is < 0 or > 20) throw new TailorException($"openai.maxRetries is {MaxRetries} ({Origin}); use 0 to 20.");
        if (EmbeddingDimensions is <= 0) throw new TailorException($"the embedding dimensions ({Origin}) must be positive.");
        if (EmbeddingConcurrency is < 1 or > 64) throw new TailorException($"the embedding concurrency ({Origin}) is {EmbeddingConcurrency}; use 1 to 64.");
        if (ContextWindow is <= 0) throw new TailorException($"openai.contextWindow ({Origin}) must be a positive number of tokens.");
    }

    internal static string? ConfigFilePath(Func<string, string?> env)
    {
        var explicitPath = env("TAILOR_CONFIG");
        if (explicitPath != null)
        {
            if (!File.Exists(explicitPath)) throw new TailorException($"TAILOR_CONFIG points at {explicitPath}, which does not exist; create it or unset TAILOR_CONFIG.");
            return explicitPath;
        }
        var configHome = env("XDG_CONFIG_HOME");
        if (configHome is null)
        {
            var home = env("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            if (string.IsNullOrEmpty(home)) return null;
            configHome = Path.Combine(home, ".config");
        }
        return Path.Combine(configHome, "tailor", "config.json");
    }

    private static OpenAiSettings FromFile(ConfigFileOpenAi o, string path) => new()
    {
        ApiKey = o.ApiKey,
        BaseUrl = o.BaseUrl is null ? null : ParseUrl(o.BaseUrl, $"{path}: openai.baseUrl"),
        ChatModel = o.ChatModel,
        EmbeddingModel = o.EmbeddingModel,
        EmbeddingDimensions = o.EmbeddingDimensions,
        EmbeddingQueryPrefix = o.EmbeddingQueryPrefix,
        EmbeddingDocumentPrefix = o.EmbeddingDocumentPrefix,
        EmbeddingConcurrency = o.EmbeddingConcurrency,
        ContextWindow = o.ContextWindow,
        AzureEndpoint = o.AzureEndpoint is null ? null : ParseUrl(o.AzureEndpoint, $"{path}: openai.azureEndpoint"),
        AzureApiVersion = o.AzureApiVersion ?? DefaultAzureApiVersion,
        Timeout = o.TimeoutSeconds is { } t ? TimeSpan.FromSeconds(t) : TimeSpan.FromSeconds(60),
        MaxRetries = o.MaxRetries ?? 4,
    };

    private static Uri ParseUrl(string value, string name)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
            throw new TailorException($"{name} is \"{value}\", which is not an http(s) URL; use e.g. http://localhost:11434/v1.");
        // A base URL is a folder: keep its path when relative routes are appended.
        return uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }

    private static int ParsePositive(string value, string name) =>
        int.TryParse(value, out var n) && n > 0 ? n : throw new TailorException($"{name} is \"{value}\"; use a positive whole number.");
}
