using System.Diagnostics;
using System.ClientModel;
using System.Text.Json;
using OpenAI.Embeddings;
using Tailor.Embedding;
using Tailor.OpenAI.Configuration;
using Tailor.Tokenization;

namespace Tailor.OpenAI.Embedding;

/// <summary>
/// An embedder served over the OpenAI <c>/v1/embeddings</c> wire format: OpenAI, Azure OpenAI,
/// Ollama, vLLM, llama.cpp, text-embeddings-inference. Documents go out in batches bounded by input
/// count and by tokens, several requests at once; retries (429, 5xx, network errors, honouring
/// Retry-After) and the request timeout come from the SDK pipeline built by
/// <see cref="OpenAiClientFactory"/>. A request that still fails becomes a <see cref="TailorException"/>
/// naming the server, the status and the server's message. Query embeddings are cached in memory.
/// </summary>
public sealed class OpenAiEmbedder : IEmbedder
{
    /// <summary>Key of <see cref="Exception.Data"/> holding the index of an input that is too long for the model.</summary>
    public const string InputIndexKey = EmbeddingInputError.IndexKey;

    private readonly EmbeddingClient _client;
    private readonly OpenAiEmbedderOptions _options;
    private readonly ITokenCounter _counter;
    private readonly string _server;
    private readonly TimeSpan _timeout;
    private readonly QueryEmbeddingCache _queries;
    private int _dimensions;
    private long _requests;

    /// <summary>An embedder over <paramref name="client"/>; <paramref name="server"/> names the server in messages.</summary>
    public OpenAiEmbedder(EmbeddingClient client, string model, OpenAiEmbedderOptions? options = null, string? server = null,
        ITokenCounter? tokenCounter = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (string.IsNullOrWhiteSpace(model)) throw new TailorException("the embedding model name is empty; set TAILOR_EMBEDDING_MODEL (e.g. text-embedding-3-small or nomic-embed-text).");
        options ??= new OpenAiEmbedderOptions();
        options.Validate();
        _client = client;
        _options = options;
        Model = model;
        _server = server ?? "the embedding server";
        _timeout = timeout ?? TimeSpan.FromSeconds(60);
        _counter = tokenCounter ?? CounterFor(model);
        _queries = new QueryEmbeddingCache(options.QueryCacheSize);
        _dimensions = options.Dimensions ?? 0;
    }

    /// <summary>The embedder <paramref name="settings"/> configure (<see cref="OpenAiSettings.EmbeddingModel"/> on its server).</summary>
    public static OpenAiEmbedder Create(OpenAiSettings settings, OpenAiEmbedderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.HasEmbeddingModel)
            throw new TailorException($"no embedding server is configured ({settings.Origin}); set OPENAI_BASE_URL (or OPENAI_API_KEY) and TAILOR_EMBEDDING_MODEL.");
        var model = settings.EmbeddingModel!;
        options ??= new OpenAiEmbedderOptions();
        options = options with
        {
            Dimensions = options.Dimensions ?? settings.EmbeddingDimensions,
            QueryPrefix = settings.EmbeddingQueryPrefix ?? options.QueryPrefix,
            DocumentPrefix = settings.EmbeddingDocumentPrefix ?? options.DocumentPrefix,
            Concurrency = settings.EmbeddingConcurrency ?? options.Concurrency,
        };
        var client = OpenAiClientFactory.Create(settings, model).GetEmbeddingClient(model);
        return new OpenAiEmbedder(client, model, options, settings.Endpoint.AbsoluteUri, timeout: settings.Timeout);
    }

    /// <summary>The model name sent to the server (the deployment on Azure).</summary>
    public string Model { get; }

    /// <inheritdoc/>
    /// <remarks>The model name, with "@D" when shortened vectors of D dimensions are requested.</remarks>
    public string ModelId => _options.Dimensions is { } d ? $"{Model}@{d}" : Model;

    /// <inheritdoc/>
    /// <remarks>The requested length, else the length of the first vector the server returned (0 before).</remarks>
    public int Dimensions => Volatile.Read(ref _dimensions);

    /// <summary>The options in effect.</summary>
    public OpenAiEmbedderOptions Options => _options;

    /// <summary>Embedding requests sent so far (retries not counted).</summary>
    public long RequestCount => Interlocked.Read(ref _requests);

    /// <inheritdoc/>
    public async Task<float[][]> EmbedDocumentsAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var inputs = new string[texts.Count];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = _options.DocumentPrefix + texts[i];
        var results = new float[inputs.Length][];
        var batches = Batch(inputs);
        using var gate = new SemaphoreSlim(_options.Concurrency);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tasks = batches.Select(async batch =>
        {
            await gate.WaitAsync(failed.Token).ConfigureAwait(false);
            try
            {
                var vectors = await SendAsync(batch.Select(i => inputs[i]).ToList(), failed.Token, cancellationToken).ConfigureAwait(false);
                for (int j = 0; j < batch.Count; j++) results[batch[j]] = vectors[j];
            }
            catch
            {
                failed.Cancel(); // stop the other batches: one failure fails the call
                throw;
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // another batch failed first; report that failure, not the cancellations it caused
            var first = tasks.Select(t => t.Exception?.InnerException).FirstOrDefault(e => e is not null and not OperationCanceledException);
            if (first != null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
            throw;
        }
        return results;
    }

    /// <inheritdoc/>
    public async Task<float[]> EmbedQueryAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var input = _options.QueryPrefix + text;
        if (_queries.TryGet(input, out var cached)) return cached;
        var vector = (await SendAsync([input], cancellationToken, cancellationToken).ConfigureAwait(false))[0];
        _queries.Add(input, vector);
        return vector;
    }

    /// <summary>
    /// Splits inputs into requests of at most <see cref="OpenAiEmbedderOptions.MaxInputsPerRequest"/>
    /// inputs and <see cref="OpenAiEmbedderOptions.MaxTokensPerRequest"/> tokens, keeping their order.
    /// </summary>
    internal List<List<int>> Batch(IReadOnlyList<string> inputs)
    {
        var batches = new List<List<int>>();
        var current = new List<int>();
        long tokens = 0;
        for (int i = 0; i < inputs.Count; i++)
        {
            int n = Math.Max(1, _counter.CountTokens(inputs[i]));
            if (n > _options.MaxInputTokens)
            {
                var preview = inputs[i].Length > 60 ? inputs[i][..60] + "…" : inputs[i];
                throw new TailorException($"input {i} (\"{preview}\") has about {n} tokens, over the {_options.MaxInputTokens}-token input limit of embedding model '{Model}'; use smaller chunks (chunking.maxTokens) or a model with a longer input.")
                {
                    Data = { [InputIndexKey] = i },
                };
            }
            if (current.Count > 0 && (current.Count >= _options.MaxInputsPerRequest || tokens + n > _options.MaxTokensPerRequest))
            {
                batches.Add(current);
                current = [];
                tokens = 0;
            }
            current.Add(i);
            tokens += n;
        }
        if (current.Count > 0) batches.Add(current);
        return batches;
    }

    private async Task<float[][]> SendAsync(List<string> inputs, CancellationToken token, CancellationToken callerToken)
    {
        var request = new EmbeddingGenerationOptions();
        if (_options.Dimensions is { } d) request.Dimensions = d;
        Interlocked.Increment(ref _requests);
        OpenAIEmbeddingCollection response;
        long started = Stopwatch.GetTimestamp();
        try
        {
            response = (await _client.GenerateEmbeddingsAsync(inputs, request, token).ConfigureAwait(false)).Value;
        }
        catch (Exception ex) when (ex is ClientResultException or OperationCanceledException or HttpRequestException)
        {
            if (ex is ClientResultException { Status: > 0 } http) throw new TailorException(Describe(http), http, TailorErrorKind.Upstream);
            if (token.IsCancellationRequested || callerToken.IsCancellationRequested)
            {
                if (ex is OperationCanceledException) throw;
                throw new OperationCanceledException(ex.Message, ex, token);
            }
            // The request timeout; it can surface as a bare I/O error when it lands while the request is being sent.
            if (TransportFailure.IsTimeout(ex, Stopwatch.GetElapsedTime(started), _timeout))
                throw new TailorException($"{_server}: the embedding request for model '{Model}' timed out after {_timeout.TotalSeconds:0.#} s (and its retries); check that the server is up and not overloaded, or raise openai.timeoutSeconds in the config file.", ex, TailorErrorKind.Upstream);
            // No response: refused, not found, or the connection broke.
            var cause = ex.InnerException is HttpRequestException inner ? inner.Message : ex.Message;
            throw new TailorException($"{_server}: cannot reach the embedding server ({cause}); check OPENAI_BASE_URL and that the server is running.", ex, TailorErrorKind.Upstream);
        }
        if (response.Count != inputs.Count)
            throw new TailorException($"{_server}: asked model '{Model}' for {inputs.Count} embeddings and got {response.Count}; the server does not speak the OpenAI embeddings API correctly.", TailorErrorKind.Upstream);
        var vectors = new float[inputs.Count][];
        foreach (var item in response)
        {
            if (item.Index < 0 || item.Index >= inputs.Count || vectors[item.Index] != null)
                throw new TailorException($"{_server}: model '{Model}' returned an embedding with index {item.Index} for a batch of {inputs.Count}; the server's response is malformed.", TailorErrorKind.Upstream);
            vectors[item.Index] = item.ToFloats().ToArray();
        }
        foreach (var vector in vectors) CheckLength(vector);
        return vectors;
    }

    private void CheckLength(float[] vector)
    {
        if (vector.Length == 0) throw new TailorException($"{_server}: model '{Model}' returned an empty embedding; is it an embedding model?", TailorErrorKind.Upstream);
        int expected = Interlocked.CompareExchange(ref _dimensions, vector.Length, 0);
        if (expected != 0 && expected != vector.Length)
            throw new TailorException($"{_server}: model '{Model}' returned a {vector.Length}-dimensional vector where {expected} dimensions were expected; check TAILOR_EMBEDDING_DIMENSIONS (some servers ignore it) or run `tailor reembed`.", TailorErrorKind.Upstream);
    }

    /// <summary>A failure with an HTTP status from the server.</summary>
    private string Describe(ClientResultException ex)
    {
        var message = ServerError.MessageOf(ex) ?? ex.Message;
        var advice = ex.Status switch
        {
            401 or 403 => "check OPENAI_API_KEY (AZURE_OPENAI_API_KEY on Azure).",
            404 => $"check that model '{Model}' exists on the server (TAILOR_EMBEDDING_MODEL; the deployment name on Azure) and that OPENAI_BASE_URL ends in /v1.",
            400 => "the server refused the request; check TAILOR_EMBEDDING_DIMENSIONS (not every model can shorten its vectors) and the model's input limit.",
            429 => "the server's rate limit held after every retry; wait and run again, or lower embeddingConcurrency.",
            >= 500 => "the server kept failing after every retry; check its logs and run again later.",
            _ => "check the server's documentation for this status.",
        };
        return $"{_server}: the embedding request for model '{Model}' failed with HTTP {ex.Status}: {message}; {advice}";
    }

    /// <summary>The model's own tokenizer when Tailor knows it and its vocabulary is available, else the estimate.</summary>
    private static ITokenCounter CounterFor(string model) =>
        ModelEncodings.TryGetEncoding(model, out var encoding) && TokenizerRegistry.TryGet(encoding!, null, out var tokenizer, out _)
            ? tokenizer!
            : EstimatingTokenCounter.Instance;
}
