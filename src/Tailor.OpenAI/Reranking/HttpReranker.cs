using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tailor.OpenAI.Configuration;
using Tailor.Retrieval;

namespace Tailor.OpenAI.Reranking;

/// <summary>
/// A cross-encoder behind the common <c>/rerank</c> HTTP route: text-embeddings-inference
/// (<see cref="RerankFormat.Tei"/>) or Cohere/Jina-compatible (<see cref="RerankFormat.Cohere"/>).
/// Every passage gets a score in the order given. 429 and 5xx are retried with backoff (honouring
/// Retry-After); timeouts, unreachable servers, error statuses and unexpected bodies end in a
/// <see cref="TailorException"/> naming the URL and what to check.
/// </summary>
public sealed class HttpReranker : IReranker, IDisposable
{
    private static readonly TimeSpan MaxRetryWait = TimeSpan.FromSeconds(30);
    private readonly RerankSettings _settings;
    private readonly HttpClient _http;
    private readonly Uri _endpoint;

    public HttpReranker(RerankSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.MaxRetries is < 0 or > 10) throw new TailorException($"the rerank retries are {settings.MaxRetries}; use 0 to 10.");
        _settings = settings;
        _endpoint = settings.Endpoint;
        _http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("tailor");
        if (settings.ApiKey != null) _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", settings.ApiKey);
    }

    public string Name => "rerank:" + (_settings.Model ?? _endpoint.Authority);

    /// <summary>The URL requests go to.</summary>
    public Uri Endpoint => _endpoint;

    public async Task<IReadOnlyList<double>> ScoreAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(passages);
        if (passages.Count == 0) return [];
        var body = _settings.Format == RerankFormat.Tei
            ? new JsonObject { ["query"] = query, ["texts"] = new JsonArray(passages.Select(p => (JsonNode?)JsonValue.Create(p)).ToArray()) }
            : new JsonObject
            {
                ["model"] = _settings.Model,
                ["query"] = query,
                ["documents"] = new JsonArray(passages.Select(p => (JsonNode?)JsonValue.Create(p)).ToArray()),
                ["top_n"] = passages.Count,
            };
        var text = await SendAsync(body.ToJsonString(), cancellationToken).ConfigureAwait(false);
        return ReadScores(text, passages.Count);
    }

    private async Task<string> SendAsync(string json, CancellationToken ct)
    {
        for (int attempt = 0; ; attempt++)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(_settings.Timeout);
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
                using var response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
                var text = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode) return text;
                var status = (int)response.StatusCode;
                bool transient = response.StatusCode == HttpStatusCode.TooManyRequests || status >= 500;
                if (transient && attempt < _settings.MaxRetries)
                {
                    await Task.Delay(RetryDelay(response, attempt), ct).ConfigureAwait(false);
                    continue;
                }
                var hint = status switch
                {
                    401 or 403 => "check TAILOR_RERANK_API_KEY",
                    404 => $"check TAILOR_RERANK_URL and TAILOR_RERANK_FORMAT ({FormatName})",
                    429 => "the server is rate limiting; try again later",
                    >= 500 => "the rerank server failed; check its logs",
                    _ => $"check that the server speaks the {FormatName} format (TAILOR_RERANK_FORMAT)",
                };
                throw new TailorException($"the reranker at {_endpoint} answered {status} {response.ReasonPhrase}: {ServerError.Read(text).Message ?? "(no body)"}; {hint}.", TailorErrorKind.Upstream);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && ex is OperationCanceledException or HttpRequestException or IOException && timeout.IsCancellationRequested)
            {
                // The timeout fired; depending on where it lands it surfaces as a cancellation or an I/O error.
                if (attempt < _settings.MaxRetries) continue;
                throw new TailorException($"the reranker at {_endpoint} did not answer within {_settings.Timeout.TotalSeconds:0.#} s; raise TAILOR_RERANK_TIMEOUT or check the server.", TailorErrorKind.Upstream);
            }
            catch (HttpRequestException ex)
            {
                if (attempt < _settings.MaxRetries)
                {
                    await Task.Delay(Backoff(attempt), ct).ConfigureAwait(false);
                    continue;
                }
                throw new TailorException($"cannot reach the reranker at {_endpoint} ({ex.Message}); check TAILOR_RERANK_URL and that the server is running.", ex, TailorErrorKind.Upstream);
            }
        }
    }

    private string FormatName => _settings.Format == RerankFormat.Tei ? "tei" : "cohere";

    private IReadOnlyList<double> ReadScores(string text, int count)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text);
        }
        catch (JsonException ex)
        {
            throw Unexpected($"not JSON ({ex.Message})");
        }
        // TEI answers a bare array; Cohere and Jina wrap it in "results". Accept either shape whatever the format.
        var items = root as JsonArray ?? (root as JsonObject)?["results"] as JsonArray ?? throw Unexpected("neither an array nor an object with \"results\"");
        var scores = new double[count];
        var seen = new bool[count];
        foreach (var item in items)
        {
            if (item is not JsonObject o || o["index"] is not JsonValue indexValue || !indexValue.TryGetValue<int>(out var index))
                throw Unexpected("an entry without an integer \"index\"");
            var scoreNode = o["score"] ?? o["relevance_score"];
            if (scoreNode is not JsonValue scoreValue || !scoreValue.TryGetValue<double>(out var score))
                throw Unexpected($"entry {index} without a numeric \"score\" or \"relevance_score\"");
            if (index < 0 || index >= count) throw Unexpected($"index {index} for {count} passages");
            scores[index] = score;
            seen[index] = true;
        }
        int missing = seen.Count(s => !s);
        if (missing > 0) throw Unexpected($"no score for {missing} of {count} passages");
        return scores;
    }

    private TailorException Unexpected(string what) =>
        new($"the reranker at {_endpoint} sent an unexpected response: {what}. Expected the {FormatName} format; set TAILOR_RERANK_FORMAT to tei or cohere to match the server.");

    private static TimeSpan RetryDelay(HttpResponseMessage response, int attempt)
    {
        var retryAfter = response.Headers.RetryAfter;
        TimeSpan? wait = retryAfter?.Delta ?? (retryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        if (wait is { } w && w > TimeSpan.Zero) return w < MaxRetryWait ? w : MaxRetryWait;
        return Backoff(attempt);
    }

    private static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(250 * Math.Pow(2, attempt) * (0.8 + 0.4 * Random.Shared.NextDouble()));

    public void Dispose() => _http.Dispose();
}
