using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tailor.Testing.OpenAi;

/// <summary>
/// A local HTTP server (Kestrel on 127.0.0.1, a free port) that speaks the documented OpenAI wire
/// format: chat completions (JSON and SSE streaming with usage), embeddings (float and base64),
/// models, files, fine-tuning jobs with events and cancel, and the two common <c>/rerank</c>
/// formats. Faults are scripted per route (<see cref="Fail"/>): error statuses with Retry-After,
/// late answers, broken streams. Every request is recorded. Tests only; never product code.
/// </summary>
public sealed class OpenAiTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<ServerFault>> _faults = new();
    private readonly FineTuningBackend _fineTuning = new();
    private long _ids;

    private OpenAiTestServer(WebApplication app)
    {
        _app = app;
        Embed = DefaultEmbed;
    }

    /// <summary>http://127.0.0.1:PORT/v1/ — what OPENAI_BASE_URL points at.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>http://127.0.0.1:PORT/ — what AZURE_OPENAI_ENDPOINT points at.</summary>
    public Uri Root { get; private set; } = null!;

    /// <summary>Every request received, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    /// <summary>The assistant's reply to a chat request. Default: "I don't know."</summary>
    public Func<ChatRequest, string> ChatReply { get; set; } = _ => "I don't know.";

    /// <summary>False: chat and embedding responses carry no <c>usage</c>, as some servers do.</summary>
    public bool ReportUsage { get; set; } = true;

    /// <summary>Length of the default embeddings.</summary>
    public int EmbeddingDimensions { get; set; } = 64;

    /// <summary>Embedding of one input. Default: a deterministic hashed bag of words, L2-normalized.</summary>
    public Func<string, string, float[]> Embed { get; set; }

    /// <summary>Relevance of each document to the query. Default: the share of query words found in it.</summary>
    public Func<string, IReadOnlyList<string>, double[]> Rerank { get; set; } = DefaultRerank;

    /// <summary>When set, requests must carry this key (Authorization: Bearer, or Azure's api-key header), else 401.</summary>
    public string? RequiredApiKey { get; set; }

    /// <summary>When set, chat and embedding requests for other models get 404 model_not_found.</summary>
    public IReadOnlySet<string>? KnownModels { get; set; }

    /// <summary>The next fine-tuning job created fails with this message.</summary>
    public string? FailNextJob { get => _fineTuning.FailNextJob; set => _fineTuning.FailNextJob = value; }

    /// <summary>Full validation loss of each checkpoint a succeeding job saves (one per epoch); default 0.92, 0.61, 0.74.</summary>
    public IReadOnlyList<double> CheckpointLosses { get => _fineTuning.CheckpointLosses; set => _fineTuning.CheckpointLosses = value; }

    /// <summary>Starts a server on a free port of 127.0.0.1.</summary>
    public static async Task<OpenAiTestServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new OpenAiTestServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Root = new Uri(address.TrimEnd('/') + "/");
        server.BaseUrl = new Uri(server.Root, "v1/");
        return server;
    }

    /// <summary>The next <paramref name="times"/> requests to <paramref name="route"/> (e.g. "chat/completions", "embeddings", "files", "fine_tuning/jobs", "rerank") get <paramref name="fault"/>.</summary>
    public void Fail(string route, ServerFault fault, int times = 1)
    {
        var queue = _faults.GetOrAdd(route.Trim('/'), _ => new ConcurrentQueue<ServerFault>());
        for (int i = 0; i < times; i++) queue.Enqueue(fault);
    }

    /// <summary>Requests whose route starts with <paramref name="route"/>.</summary>
    public IReadOnlyList<RecordedRequest> RequestsTo(string route) =>
        Requests.Where(r => r.Route.StartsWith(route.Trim('/'), StringComparison.Ordinal)).ToList();

    /// <summary>"/v1/chat/completions" → "chat/completions"; Azure's "/openai/deployments/d/embeddings" → "embeddings".</summary>
    public static string RouteOf(string path)
    {
        var p = path.Trim('/');
        if (p.StartsWith("openai/deployments/", StringComparison.Ordinal))
        {
            var rest = p["openai/deployments/".Length..];
            var slash = rest.IndexOf('/');
            return slash < 0 ? "" : rest[(slash + 1)..];
        }
        if (p.StartsWith("openai/", StringComparison.Ordinal)) return p["openai/".Length..];
        if (p.StartsWith("v1/", StringComparison.Ordinal)) return p["v1/".Length..];
        return p;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        request.EnableBuffering();
        string body;
        using (var reader = new StreamReader(request.Body, Encoding.UTF8, leaveOpen: true)) body = await reader.ReadToEndAsync().ConfigureAwait(false);
        request.Body.Position = 0;
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var recorded = new RecordedRequest(request.Method, request.Path.Value ?? "/", request.QueryString.Value ?? "", headers, body, _clock.Elapsed);
        _requests.Enqueue(recorded);
        var route = recorded.Route;

        if (RequiredApiKey != null)
        {
            var bearer = headers.GetValueOrDefault("Authorization");
            var azureKey = headers.GetValueOrDefault("api-key");
            if (bearer != "Bearer " + RequiredApiKey && azureKey != RequiredApiKey)
            {
                await WriteErrorAsync(context, 401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key").ConfigureAwait(false);
                return;
            }
        }

        var fault = TakeFault(route);
        if (fault?.StatusCode > 0)
        {
            if (fault.RetryAfterSeconds is { } seconds) context.Response.Headers["Retry-After"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var (message, type) = fault.StatusCode switch
            {
                429 => ("Rate limit reached for requests. Please try again later.", "requests"),
                >= 500 => ("The server had an error while processing your request. Sorry about that!", "server_error"),
                _ => ("Scripted failure.", "invalid_request_error"),
            };
            await WriteErrorAsync(context, fault.StatusCode, message, type, null).ConfigureAwait(false);
            return;
        }
        if (fault?.Latency is { } latency)
        {
            try { await Task.Delay(latency, context.RequestAborted).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
        }

        JsonObject? json = null;
        if (request.HasJsonContentType() || body.TrimStart().StartsWith('{'))
        {
            try { json = JsonNode.Parse(body) as JsonObject; }
            catch (JsonException)
            {
                await WriteErrorAsync(context, 400, "We could not parse the JSON body of your request.", "invalid_request_error", null).ConfigureAwait(false);
                return;
            }
        }

        try
        {
            switch (request.Method, route)
            {
                case ("POST", "chat/completions"):
                    await ChatAsync(context, json, fault?.BreakAfterChunks).ConfigureAwait(false);
                    break;
                case ("POST", "embeddings"):
                    await EmbeddingsAsync(context, json).ConfigureAwait(false);
                    break;
                case ("POST", "rerank") when recorded.Path.Trim('/') == "rerank":
                    await RerankTeiAsync(context, json).ConfigureAwait(false);
                    break;
                case ("POST", "rerank"):
                    await RerankCohereAsync(context, json).ConfigureAwait(false);
                    break;
                case ("GET", "models"):
                    await WriteJsonAsync(context, 200, new JsonObject
                    {
                        ["object"] = "list",
                        ["data"] = new JsonArray((KnownModels ?? new HashSet<string> { "test-model" }).Select(m => (JsonNode)new JsonObject
                        {
                            ["id"] = m, ["object"] = "model", ["created"] = 1700000000, ["owned_by"] = "tailor-test",
                        }).ToArray()),
                    }).ConfigureAwait(false);
                    break;
                default:
                    if (route.StartsWith("files", StringComparison.Ordinal) || route.StartsWith("fine_tuning", StringComparison.Ordinal))
                    {
                        await _fineTuning.HandleAsync(context, route, json).ConfigureAwait(false);
                        break;
                    }
                    await WriteErrorAsync(context, 404, $"Unknown request URL: {request.Method} {recorded.Path}.", "invalid_request_error", "unknown_url").ConfigureAwait(false);
                    break;
            }
        }
        catch (ChatReplyError error)
        {
            await WriteErrorAsync(context, error.Status, error.Message, error.Status == 429 ? "requests" : error.Status >= 500 ? "server_error" : "invalid_request_error", error.Code).ConfigureAwait(false);
        }
        catch (BadRequest bad)
        {
            await WriteErrorAsync(context, bad.Status, bad.Message, "invalid_request_error", bad.Code, bad.Param).ConfigureAwait(false);
        }
    }

    private ServerFault? TakeFault(string route)
    {
        foreach (var (key, queue) in _faults)
            if (route.StartsWith(key, StringComparison.Ordinal) && queue.TryDequeue(out var fault)) return fault;
        return null;
    }

    private void CheckModel(string model)
    {
        if (KnownModels != null && !KnownModels.Contains(model))
            throw new BadRequest(404, $"The model `{model}` does not exist or you do not have access to it.", "model_not_found");
    }

    private async Task ChatAsync(HttpContext context, JsonObject? json, int? breakAfter)
    {
        if (json is null) throw new BadRequest(400, "The request body must be a JSON object.");
        var model = json["model"]?.GetValue<string>() ?? throw new BadRequest(400, "you must provide a model parameter", param: "model");
        if (json["messages"] is not JsonArray rawMessages || rawMessages.Count == 0)
            throw new BadRequest(400, "'messages' must be a non-empty array.", param: "messages");
        CheckModel(model);
        var messages = new List<(string, string)>();
        foreach (var m in rawMessages)
        {
            var role = m?["role"]?.GetValue<string>() ?? throw new BadRequest(400, "each message needs a 'role'.", param: "messages");
            messages.Add((role, ContentText(m!["content"])));
        }
        bool stream = json["stream"]?.GetValue<bool>() ?? false;
        int? maxTokens = (json["max_completion_tokens"] ?? json["max_tokens"])?.GetValue<int>();
        double? temperature = json["temperature"]?.GetValue<double>();
        var chat = new ChatRequest(model, messages, stream, maxTokens, temperature, json);
        var reply = ChatReply(chat);
        var pieces = Pieces(reply);
        string finish = "stop";
        if (maxTokens is { } max && pieces.Count > max)
        {
            pieces = pieces.Take(max).ToList();
            finish = "length";
        }
        var text = string.Concat(pieces);
        int promptTokens = messages.Sum(m => CountTokens(m.Item2) + 4) + 3;
        int completionTokens = pieces.Count;
        var id = "chatcmpl-" + Interlocked.Increment(ref _ids);
        long created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        JsonObject Usage() => new() { ["prompt_tokens"] = promptTokens, ["completion_tokens"] = completionTokens, ["total_tokens"] = promptTokens + completionTokens };

        if (!stream)
        {
            var response = new JsonObject
            {
                ["id"] = id, ["object"] = "chat.completion", ["created"] = created, ["model"] = model,
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = text, ["refusal"] = null },
                    ["logprobs"] = null,
                    ["finish_reason"] = finish,
                }),
                ["system_fingerprint"] = "fp_tailor_test",
            };
            if (ReportUsage) response["usage"] = Usage();
            await WriteJsonAsync(context, 200, response).ConfigureAwait(false);
            return;
        }

        bool includeUsage = ReportUsage && (json["stream_options"]?["include_usage"]?.GetValue<bool>() ?? false);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        int sent = 0;
        async Task<bool> SendAsync(JsonObject delta, string? finishReason, bool usageChunk = false)
        {
            if (breakAfter is { } limit && sent >= limit)
            {
                await context.Response.Body.FlushAsync().ConfigureAwait(false);
                context.Abort();
                return false;
            }
            var chunk = new JsonObject
            {
                ["id"] = id, ["object"] = "chat.completion.chunk", ["created"] = created, ["model"] = model,
                ["system_fingerprint"] = "fp_tailor_test",
                ["choices"] = usageChunk ? new JsonArray() : new JsonArray(new JsonObject
                {
                    ["index"] = 0, ["delta"] = delta, ["logprobs"] = null, ["finish_reason"] = finishReason,
                }),
            };
            if (includeUsage) chunk["usage"] = usageChunk ? Usage() : null;
            await context.Response.WriteAsync("data: " + chunk.ToJsonString() + "\n\n").ConfigureAwait(false);
            await context.Response.Body.FlushAsync().ConfigureAwait(false);
            sent++;
            return true;
        }
        if (!await SendAsync(new JsonObject { ["role"] = "assistant", ["content"] = "", ["refusal"] = null }, null).ConfigureAwait(false)) return;
        foreach (var piece in pieces)
            if (!await SendAsync(new JsonObject { ["content"] = piece }, null).ConfigureAwait(false)) return;
        if (!await SendAsync(new JsonObject(), finish).ConfigureAwait(false)) return;
        if (includeUsage && !await SendAsync(new JsonObject(), null, usageChunk: true).ConfigureAwait(false)) return;
        await context.Response.WriteAsync("data: [DONE]\n\n").ConfigureAwait(false);
    }

    private async Task EmbeddingsAsync(HttpContext context, JsonObject? json)
    {
        if (json is null) throw new BadRequest(400, "The request body must be a JSON object.");
        var model = json["model"]?.GetValue<string>() ?? throw new BadRequest(400, "you must provide a model parameter", param: "model");
        CheckModel(model);
        var inputs = json["input"] switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => [s],
            JsonArray a when a.All(x => x is JsonValue xv && xv.TryGetValue<string>(out _)) => a.Select(x => x!.GetValue<string>()).ToList(),
            _ => throw new BadRequest(400, "'input' must be a string or an array of strings.", param: "input"),
        };
        if (inputs.Count == 0 || inputs.Count > 2048) throw new BadRequest(400, "'input' must hold 1 to 2048 items.", param: "input");
        if (inputs.Any(string.IsNullOrEmpty)) throw new BadRequest(400, "'input' cannot contain an empty string.", param: "input");
        int? dimensions = json["dimensions"]?.GetValue<int>();
        bool base64 = json["encoding_format"]?.GetValue<string>() == "base64";
        var data = new JsonArray();
        int tokens = 0;
        for (int i = 0; i < inputs.Count; i++)
        {
            var vector = Embed(model, inputs[i]);
            if (dimensions is { } d)
            {
                if (d <= 0 || d > vector.Length) throw new BadRequest(400, $"This model supports dimensions from 1 to {vector.Length}, not {d}.", param: "dimensions");
                vector = Normalize(vector[..d]);
            }
            tokens += CountTokens(inputs[i]);
            JsonNode embedding = base64
                ? JsonValue.Create(Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(vector.AsSpan())))
                : new JsonArray(vector.Select(x => (JsonNode)JsonValue.Create(x)).ToArray());
            data.Add(new JsonObject { ["object"] = "embedding", ["index"] = i, ["embedding"] = embedding });
        }
        var response = new JsonObject { ["object"] = "list", ["data"] = data, ["model"] = model };
        if (ReportUsage) response["usage"] = new JsonObject { ["prompt_tokens"] = tokens, ["total_tokens"] = tokens };
        await WriteJsonAsync(context, 200, response).ConfigureAwait(false);
    }

    private async Task RerankTeiAsync(HttpContext context, JsonObject? json)
    {
        var query = json?["query"]?.GetValue<string>() ?? throw new BadRequest(422, "missing field `query`");
        if (json["texts"] is not JsonArray texts) throw new BadRequest(422, "missing field `texts`");
        var docs = texts.Select(t => t!.GetValue<string>()).ToList();
        var scores = Rerank(query, docs);
        var result = new JsonArray(Enumerable.Range(0, docs.Count).OrderByDescending(i => scores[i])
            .Select(i => (JsonNode)new JsonObject { ["index"] = i, ["score"] = scores[i] }).ToArray());
        await WriteJsonAsync(context, 200, result).ConfigureAwait(false);
    }

    private async Task RerankCohereAsync(HttpContext context, JsonObject? json)
    {
        var query = json?["query"]?.GetValue<string>() ?? throw new BadRequest(400, "missing field 'query'", param: "query");
        if (json["documents"] is not JsonArray documents) throw new BadRequest(400, "missing field 'documents'", param: "documents");
        var docs = documents.Select(d => d is JsonObject o ? o["text"]?.GetValue<string>() ?? "" : d!.GetValue<string>()).ToList();
        var scores = Rerank(query, docs);
        int topN = json["top_n"]?.GetValue<int>() ?? docs.Count;
        var results = new JsonArray(Enumerable.Range(0, docs.Count).OrderByDescending(i => scores[i]).Take(topN)
            .Select(i => (JsonNode)new JsonObject { ["index"] = i, ["relevance_score"] = scores[i] }).ToArray());
        await WriteJsonAsync(context, 200, new JsonObject
        {
            ["id"] = "rerank-" + Interlocked.Increment(ref _ids),
            ["model"] = json["model"]?.GetValue<string>(),
            ["results"] = results,
            ["usage"] = new JsonObject { ["total_tokens"] = docs.Sum(CountTokens) + CountTokens(query) },
        }).ConfigureAwait(false);
    }

    private float[] DefaultEmbed(string model, string input)
    {
        var vector = new float[EmbeddingDimensions];
        foreach (var word in Words(input))
        {
            uint h = 2166136261;
            foreach (var c in word) h = (h ^ c) * 16777619;
            vector[h % (uint)vector.Length] += (h & 0x80000000) != 0 ? 1f : -1f;
        }
        if (vector.All(x => x == 0)) vector[0] = 1;
        return Normalize(vector);
    }

    private static double[] DefaultRerank(string query, IReadOnlyList<string> docs)
    {
        var q = Words(query).ToHashSet();
        return docs.Select(d =>
        {
            var w = Words(d).ToHashSet();
            return q.Count == 0 ? 0 : (double)q.Count(w.Contains) / q.Count;
        }).ToArray();
    }

    internal static IEnumerable<string> Words(string text) =>
        text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(w => new string(w.Where(char.IsLetterOrDigit).ToArray())).Where(w => w.Length > 0);

    private static float[] Normalize(float[] v)
    {
        double norm = Math.Sqrt(v.Sum(x => (double)x * x));
        if (norm > 0) for (int i = 0; i < v.Length; i++) v[i] = (float)(v[i] / norm);
        return v;
    }

    /// <summary>A rough token count (words and punctuation), the stand-in for the server's tokenizer.</summary>
    internal static int CountTokens(string text) => Pieces(text).Count;

    /// <summary>Splits a reply into streamed pieces: each word with its leading space.</summary>
    private static List<string> Pieces(string text)
    {
        var pieces = new List<string>();
        int start = 0;
        for (int i = 1; i <= text.Length; i++)
        {
            if (i == text.Length || (char.IsWhiteSpace(text[i]) && !char.IsWhiteSpace(text[i - 1])))
            {
                if (i > start) pieces.Add(text[start..i]);
                start = i;
            }
        }
        return pieces;
    }

    private static string ContentText(JsonNode? content) => content switch
    {
        null => "",
        JsonValue v => v.GetValue<string>(),
        JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>() ?? "")),
        _ => content.ToJsonString(),
    };

    internal static Task WriteJsonAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString());
    }

    internal static Task WriteErrorAsync(HttpContext context, int status, string message, string type, string? code, string? param = null) =>
        WriteJsonAsync(context, status, new JsonObject
        {
            ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = param, ["code"] = code },
        });
}
