using System.Text.Json.Serialization;
using Tailor.Chunking;
using Tailor.Cleaning;
using Tailor.Embedding;
using Tailor.Lexical;
using Tailor.Retrieval;

namespace Tailor;

/// <summary>
/// Everything a knowledge base was built with. Resolved and validated once, saved beside the data
/// as <c>tailor.json</c>; reopening a knowledge base reads it back so it behaves as it was built.
/// </summary>
public sealed record KnowledgeBaseOptions
{
    /// <summary>On-disk format version of the knowledge base folder.</summary>
    public const int CurrentFormatVersion = 1;

    public int FormatVersion { get; init; } = CurrentFormatVersion;

    public ChunkingOptions Chunking { get; init; } = new();

    /// <summary>Text normalization and the sensitive data masked before chunking (<c>cleaning.redact</c>).</summary>
    public TextCleaningOptions Cleaning { get; init; } = new();

    public LexicalOptions Lexical { get; init; } = new();

    /// <summary>The built-in embedder (LSA trained on the knowledge base's own chunks).</summary>
    public LsaOptions Embedding { get; init; } = new();

    public RetrievalOptions Retrieval { get; init; } = new();

    /// <summary>Which embedder the vectors come from; null (older manifests) means the built-in one.</summary>
    public EmbedderInfo? Embedder { get; init; }

    /// <summary>What chunk sizes are counted in: a tiktoken encoding name, or "estimate" when no vocabulary is available.</summary>
    public string TokenCounter { get; init; } = "cl100k_base";

    /// <summary>Files larger than this are refused with a clear error.</summary>
    public long MaxFileBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>
    /// The PostgreSQL database holding the documents, chunks and vectors (a URL, saved without its password);
    /// null: SQLite in the knowledge base folder.
    /// </summary>
    public string? Database { get; init; }

    /// <summary>When the knowledge base was created (UTC, ISO 8601).</summary>
    [JsonPropertyOrder(-1)]
    public string? Created { get; init; }

    public void Validate()
    {
        if (FormatVersion != CurrentFormatVersion)
            throw new TailorException($"knowledge base format version {FormatVersion} is not supported (this Tailor reads version {CurrentFormatVersion}); use a matching Tailor version or re-ingest into a new folder.");
        Chunking.Validate();
        Cleaning.Validate();
        Lexical.Validate();
        Embedding.Validate();
        Retrieval.Validate();
        Embedder?.Validate();
        if (MaxFileBytes < 1024) throw new TailorException($"maxFileBytes is {MaxFileBytes}; use at least 1024.");
        if (string.IsNullOrWhiteSpace(TokenCounter)) throw new TailorException("tokenCounter is empty; use \"cl100k_base\", \"o200k_base\" or \"estimate\".");
    }
}
