namespace Tailor.Server.Hosting;

/// <summary>
/// One knowledge base the server holds open for its lifetime: the long-lived <see cref="KnowledgeBase"/> (null while it
/// opens), and the gate every write passes (the ingest worker, document deletes), so this process is its only writer.
/// </summary>
public sealed class ServedKnowledgeBase : IDisposable
{
    private volatile KnowledgeBase? _kb;
    private volatile string? _error;

    public ServedKnowledgeBase(string name, string directory)
    {
        Name = name;
        Directory = directory;
    }

    public string Name { get; }

    public string Directory { get; }

    /// <summary>Held by whoever writes: one ingest job or one delete at a time.</summary>
    public SemaphoreSlim WriteGate { get; } = new(1, 1);

    public bool IsOpen => _kb != null;

    /// <summary>Why opening failed (null while opening or once open).</summary>
    public string? Error => _error;

    /// <summary>True while the knowledge base is being deleted: requests are refused.</summary>
    public bool Deleting { get; set; }

    /// <summary>The open knowledge base; 503 while it is opening, 500 if it could not be opened.</summary>
    public KnowledgeBase Open
    {
        get
        {
            if (Deleting) throw ServerException.NotFound($"the knowledge base \"{Name}\" is being deleted.");
            if (_kb is { } kb) return kb;
            if (_error is { } error) throw new ServerException(500, $"the knowledge base \"{Name}\" could not be opened: {error}");
            throw new ServerException(503, $"the knowledge base \"{Name}\" is still opening; try again in a moment (GET /readyz says when it is ready).");
        }
    }

    /// <summary>Opens the knowledge base (creating it when the folder holds none, in <paramref name="database"/> when given) and loads its indexes.</summary>
    internal void OpenNow(Embedding.IEmbedder? embedder, string? database = null)
    {
        try
        {
            var kb = KnowledgeBase.Open(Directory, database is null ? null : new KnowledgeBaseOptions { Database = database }, embedder);
            if (kb.Documents.Count().Chunks > 0)
            {
                // load the lexical and vector indexes now, not on the first request
                try { kb.SearchAsync("warm", new Retrieval.SearchOptions { K = 1 }).GetAwaiter().GetResult(); }
                catch (TailorException) { }
            }
            _kb = kb;
        }
        catch (TailorException ex)
        {
            _error = ex.Message;
        }
    }

    public void Dispose()
    {
        _kb?.Dispose();
        WriteGate.Dispose();
    }
}
