namespace Tailor.Ingestion;

/// <summary>What an ingest run did.</summary>
public sealed record IngestResult
{
    public int Added { get; init; }
    public int Updated { get; init; }
    public int Unchanged { get; init; }
    public int Removed { get; init; }
    public int Failed { get; init; }

    /// <summary>Files (or JSONL parts) skipped because they are empty or blank: no document, no failure.</summary>
    public int SkippedEmpty { get; init; }

    /// <summary>Chunks written in this run.</summary>
    public int Chunks { get; init; }

    /// <summary>Documents seen in this run (added + updated + unchanged).</summary>
    public int Documents { get; init; }

    /// <summary>Bytes of source content read.</summary>
    public long Bytes { get; init; }

    /// <summary>Seconds spent finding, preparing and writing the documents (not the whole call: see the other stages).</summary>
    public double Seconds { get; init; }

    /// <summary>Seconds spent saving the lexical index after the documents were written.</summary>
    public double IndexSeconds { get; init; }

    /// <summary>Seconds spent embedding the new chunks (training the built-in embedder when due) and refreshing the vector index.</summary>
    public double EmbeddingSeconds { get; init; }

    public IReadOnlyList<IngestFailure> Failures { get; init; } = [];

    /// <summary>Sensitive data found in the documents this run wrote, per document and kind (masked when redaction was asked for).</summary>
    public IReadOnlyList<SensitiveFinding> Sensitive { get; init; } = [];

    /// <summary>CSV/TSV documents this run wrote that have no header row (their columns are named "column 1", ...).</summary>
    public IReadOnlyList<HeaderlessTable> Headerless { get; init; } = [];
}
