namespace Tailor.Ingestion;

/// <summary>What an ingest run did.</summary>
public sealed record IngestResult
{
    public int Added { get; init; }
    public int Updated { get; init; }
    public int Unchanged { get; init; }
    public int Removed { get; init; }
    public int Failed { get; init; }

    /// <summary>Chunks written in this run.</summary>
    public int Chunks { get; init; }

    /// <summary>Documents seen in this run (added + updated + unchanged).</summary>
    public int Documents { get; init; }

    /// <summary>Bytes of source content read.</summary>
    public long Bytes { get; init; }

    public double Seconds { get; init; }

    public IReadOnlyList<IngestFailure> Failures { get; init; } = [];
}
