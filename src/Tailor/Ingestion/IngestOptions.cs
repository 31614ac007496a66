namespace Tailor.Ingestion;

/// <summary>Per-run ingestion choices (not saved in the manifest).</summary>
public sealed record IngestOptions
{
    /// <summary>Remove documents under the ingested roots whose files (or records) are gone.</summary>
    public bool Sync { get; init; }

    /// <summary>Glob patterns a file's path (relative to its root) must match; empty = every supported file.</summary>
    public IReadOnlyList<string> Include { get; init; } = [];

    /// <summary>Glob patterns that exclude files (e.g. "drafts/**", "*.min.html").</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>Files larger than this are refused with a clear error. Null = the knowledge base's setting.</summary>
    public long? MaxFileBytes { get; init; }

    /// <summary>
    /// Tags added to every document found under the given paths, new, changed or unchanged (on top of
    /// front-matter tags); search filters on them with --tag. A changed document's tags are re-read:
    /// its front matter plus the tags of the run that writes it.
    /// </summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Kinds of sensitive data masked in the documents of this run, on top of the knowledge base's <c>cleaning.redact</c>.</summary>
    public IReadOnlyList<Tailor.Cleaning.SensitiveKind> Redact { get; init; } = [];

    /// <summary>How web pages given as http(s) URLs are fetched: address checks, redirects, size and time limits.</summary>
    public Tailor.Web.WebFetchOptions Web { get; init; } = new();

    /// <summary>
    /// A document whose id is used by an earlier upload (a file under <c>uploads/JOB/</c>, <see cref="UploadFolder.IsUpload"/>)
    /// at another path that still exists is replaced by this run's file instead of refused (uploads: a file sent again
    /// replaces its document, whichever folder held the earlier copy, e.g. another server's on the same machine). A
    /// document ingested from anywhere else stays refused: an upload cannot take over what the operator ingested.
    /// </summary>
    public bool Replace { get; init; }

    /// <summary>Parallel extraction workers; 0 = one per core.</summary>
    public int Workers { get; init; }

    /// <summary>Told how embedding the new chunks goes, after the documents are written (server embedders report every 512 chunks).</summary>
    public IProgress<Tailor.Embedding.EmbeddingProgress>? EmbeddingProgress { get; init; }

    /// <summary>JSONL files larger than this are read and prepared in parts of about this size (tests make it small).</summary>
    internal int JsonlPartBytes { get; init; } = JsonlSplitter.DefaultPartBytes;
}
