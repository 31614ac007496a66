namespace Tailor.OpenAI.Embedding;

/// <summary>
/// How an <see cref="OpenAiEmbedder"/> talks to its server: request sizes, concurrency and the
/// prefixes some models want on each side (e.g. nomic-embed-text: "search_query: " and
/// "search_document: "). Validated once by <see cref="Validate"/>.
/// </summary>
public sealed record OpenAiEmbedderOptions
{
    /// <summary>OpenAI's limit on inputs in one request.</summary>
    public const int MaxInputsLimit = 2048;

    /// <summary>Inputs per request (at most 2048, OpenAI's limit).</summary>
    public int MaxInputsPerRequest { get; init; } = MaxInputsLimit;

    /// <summary>Tokens per request, summed over its inputs (OpenAI allows 300,000).</summary>
    public int MaxTokensPerRequest { get; init; } = 300_000;

    /// <summary>The model's limit on one input, in tokens (8191 for OpenAI's embedding models).</summary>
    public int MaxInputTokens { get; init; } = 8191;

    /// <summary>Requests in flight at once.</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>Requested vector length, for models that can shorten their vectors (text-embedding-3-*); null: the model's own.</summary>
    public int? Dimensions { get; init; }

    /// <summary>Put before every query, e.g. "search_query: "; default none.</summary>
    public string QueryPrefix { get; init; } = "";

    /// <summary>Put before every document chunk, e.g. "search_document: "; default none.</summary>
    public string DocumentPrefix { get; init; } = "";

    /// <summary>Query embeddings kept in memory for the process (least recently used dropped first).</summary>
    public int QueryCacheSize { get; init; } = 1024;

    public void Validate()
    {
        if (MaxInputsPerRequest is < 1 or > MaxInputsLimit)
            throw new TailorException($"the embedding batch size is {MaxInputsPerRequest}; use 1 to {MaxInputsLimit} inputs per request.");
        if (MaxInputTokens < 1) throw new TailorException($"the embedding model's input limit is {MaxInputTokens} tokens; use a positive number (8191 for OpenAI's models).");
        if (MaxTokensPerRequest < MaxInputTokens)
            throw new TailorException($"the embedding request budget ({MaxTokensPerRequest} tokens) is below the model's input limit ({MaxInputTokens}); raise it.");
        if (Concurrency is < 1 or > 64) throw new TailorException($"the embedding concurrency is {Concurrency}; use 1 to 64 requests in flight (default 4).");
        if (Dimensions is <= 0) throw new TailorException($"the embedding dimensions are {Dimensions}; use a positive number or leave them unset.");
        if (QueryCacheSize < 0) throw new TailorException($"the query embedding cache size is {QueryCacheSize}; use 0 or more.");
        ArgumentNullException.ThrowIfNull(QueryPrefix);
        ArgumentNullException.ThrowIfNull(DocumentPrefix);
    }
}
