using System.Collections;
using System.Globalization;
using Tailor.OpenAI.Configuration;

namespace Tailor.OpenAI.Reranking;

/// <summary>
/// Where the HTTP reranker is: <c>TAILOR_RERANK_URL</c> (the server's base URL, or the full
/// <c>.../rerank</c> route), <c>TAILOR_RERANK_MODEL</c>, <c>TAILOR_RERANK_FORMAT</c> (<c>tei</c> or
/// <c>cohere</c>; default cohere when a model is named, else tei), <c>TAILOR_RERANK_API_KEY</c> and
/// <c>TAILOR_RERANK_TIMEOUT</c> (seconds), or the same fields under <c>"rerank"</c> in the config file
/// (the environment wins).
/// </summary>
public sealed record RerankSettings
{
    public Uri? Url { get; init; }

    public string? Model { get; init; }

    public RerankFormat Format { get; init; } = RerankFormat.Tei;

    public string? ApiKey { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries on 429 and 5xx (honouring Retry-After) and on network errors.</summary>
    public int MaxRetries { get; init; } = 2;

    /// <summary>True when an HTTP reranker is configured.</summary>
    public bool IsConfigured => Url != null;

    /// <summary>The route requests go to: the URL itself when it ends in <c>/rerank</c>, else <c>rerank</c> (TEI) or <c>v1/rerank</c> (Cohere) under it.</summary>
    public Uri Endpoint
    {
        get
        {
            var url = Url ?? throw new TailorException("no reranker is configured; set TAILOR_RERANK_URL (e.g. http://localhost:8080 for text-embeddings-inference).");
            var path = url.AbsolutePath.TrimEnd('/');
            if (path.EndsWith("/rerank", StringComparison.OrdinalIgnoreCase)) return new Uri(url.AbsoluteUri.TrimEnd('/'));
            var folder = url.AbsoluteUri.EndsWith('/') ? url.AbsoluteUri : url.AbsoluteUri + "/";
            bool hasVersion = path.EndsWith("/v1", StringComparison.OrdinalIgnoreCase) || path.EndsWith("/v2", StringComparison.OrdinalIgnoreCase);
            return new Uri(folder + (Format == RerankFormat.Cohere && !hasVersion ? "v1/rerank" : "rerank"));
        }
    }

    /// <summary>Reads the config file (when present) and the process environment.</summary>
    public static RerankSettings Resolve() => Resolve(Environment.GetEnvironmentVariables());

    /// <summary>Reads the config file (when present) and then <paramref name="environment"/>, which wins.</summary>
    public static RerankSettings Resolve(IDictionary environment)
    {
        string? Env(string name) => environment[name] is string s && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;
        var path = OpenAiSettings.ConfigFilePath(Env);
        var file = ConfigFile.Read(path)?.Rerank;
        var where = path ?? "the config file";
        var url = Env("TAILOR_RERANK_URL") is { } u ? ParseUrl(u, "TAILOR_RERANK_URL") : file?.Url is { } fu ? ParseUrl(fu, $"{where}: rerank.url") : null;
        var model = Env("TAILOR_RERANK_MODEL") ?? file?.Model;
        var formatText = Env("TAILOR_RERANK_FORMAT") ?? file?.Format;
        var format = formatText is null ? (model is null ? RerankFormat.Tei : RerankFormat.Cohere) : ParseFormat(formatText);
        var timeout = Env("TAILOR_RERANK_TIMEOUT") is { } t ? ParseSeconds(t, "TAILOR_RERANK_TIMEOUT") : file?.TimeoutSeconds;
        if (timeout is <= 0 || timeout is double.NaN) throw new TailorException($"the rerank timeout is {timeout} seconds; use a positive number.");
        return new RerankSettings
        {
            Url = url,
            Model = model,
            Format = format,
            ApiKey = Env("TAILOR_RERANK_API_KEY") ?? file?.ApiKey,
            Timeout = timeout is { } seconds ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromSeconds(30),
        };
    }

    public static RerankFormat ParseFormat(string value) => value.Trim().ToLowerInvariant() switch
    {
        "tei" or "text-embeddings-inference" => RerankFormat.Tei,
        "cohere" or "jina" => RerankFormat.Cohere,
        _ => throw new TailorException($"the rerank format is \"{value}\"; use tei (text-embeddings-inference: POST /rerank {{query, texts}}) or cohere (Cohere/Jina: POST /v1/rerank {{model, query, documents}})."),
    };

    private static Uri ParseUrl(string value, string name) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == "http" || uri.Scheme == "https")
            ? uri
            : throw new TailorException($"{name} is \"{value}\", which is not an http(s) URL; use e.g. http://localhost:8080.");

    private static double ParseSeconds(string value, string name) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0
            ? s
            : throw new TailorException($"{name} is \"{value}\"; use a positive number of seconds.");
}
