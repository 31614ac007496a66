using Tailor.Chat;
using Tailor.Embedding;

namespace Tailor.Server;

/// <summary>What <c>tailor serve</c> serves and how: one knowledge base or a folder of them, the addresses, limits.</summary>
public sealed record ServerOptions
{
    /// <summary>Serve this one knowledge base (named by its folder). Exactly one of this and <see cref="DataDirectory"/>.</summary>
    public string? KnowledgeBase { get; init; }

    /// <summary>Serve every knowledge base in this folder (one subfolder each); new ones are created here.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Addresses to listen on, separated by ';' (port 0 picks a free port).</summary>
    public string Urls { get; init; } = "http://127.0.0.1:8080";

    /// <summary>Listen beyond loopback without any key (a warning is logged).</summary>
    public bool Insecure { get; init; }

    /// <summary>Largest request body accepted; a larger one is answered 413.</summary>
    public long MaxRequestBodyBytes { get; init; } = 64L << 20;

    /// <summary>Requests per minute for one key (or one client address without keys); more are answered 429.</summary>
    public int RequestsPerMinute { get; init; } = 600;

    /// <summary>A request that takes longer is cancelled and answered 504 (server-sent event streams are not limited).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>How long shutdown waits for the running ingest job.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long an ingest job stays this server's after its last heartbeat: a server that dies while running a job
    /// (another server on the database, or this one restarted) takes it over once this has passed.
    /// </summary>
    public TimeSpan JobLease { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the running ingest job's lease is renewed (well within <see cref="JobLease"/>).</summary>
    public TimeSpan JobHeartbeat { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long the server goes on with the keys it read last while their store cannot be read (they are read again every
    /// second); after this, every request but the health checks is refused with 503 until the store answers, rather than
    /// accept a key that may have been revoked meanwhile.
    /// </summary>
    public TimeSpan KeysUnreadableAfter { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The chat model generated answers come from; null: extractive answers.</summary>
    public IChatModel? ChatModel { get; init; }

    /// <summary>The server embedder knowledge bases are opened with; null: the built-in embedder.</summary>
    public IEmbedder? Embedder { get; init; }

    /// <summary>
    /// Where traces and metrics are sent over OTLP/HTTP (protobuf, to <c>/v1/traces</c> and <c>/v1/metrics</c> under it);
    /// null: to the collector the standard OTEL_EXPORTER_OTLP_* variables name, when OTEL_EXPORTER_OTLP_ENDPOINT is set.
    /// </summary>
    public Uri? OtlpEndpoint { get; init; }

    /// <summary>
    /// The database (PostgreSQL URL or Npgsql keywords) a NEW knowledge base is created in, as <c>tailor ingest --database</c>;
    /// null: <c>TAILOR_DATABASE_URL</c>, else SQLite in its folder. The keys are kept in the store of what is served: an
    /// existing knowledge base's own; for a data folder (or a knowledge base not created yet) this database, so every
    /// server given it accepts the same keys; with none, <c>keys.json</c> in the folder.
    /// </summary>
    public string? Database { get; init; }

    public void Validate()
    {
        if ((KnowledgeBase is null) == (DataDirectory is null))
            throw new ServerException(400, "serve either one knowledge base (--kb DIR) or a folder of them (--data DIR), not both or neither.");
        if (MaxRequestBodyBytes < 1024) throw new ServerException(400, $"the request body limit is {MaxRequestBodyBytes} bytes; use at least 1024.");
        if (RequestsPerMinute < 1) throw new ServerException(400, $"the rate limit is {RequestsPerMinute} requests per minute; use at least 1.");
        if (RequestTimeout <= TimeSpan.Zero) throw new ServerException(400, "the request timeout must be positive.");
        if (KeysUnreadableAfter <= TimeSpan.Zero) throw new ServerException(400, $"the keys may stay unread for {KeysUnreadableAfter.TotalSeconds:0.###} s; use a positive time (default 5 minutes).");
        if (JobHeartbeat <= TimeSpan.Zero || JobLease < JobHeartbeat * 2)
            throw new ServerException(400, $"the job lease is {JobLease.TotalSeconds:0.###} s and its heartbeat {JobHeartbeat.TotalSeconds:0.###} s; use a positive heartbeat and a lease of at least two heartbeats (e.g. --job-lease 30).");
    }
}
