namespace Tailor.Ingestion;

/// <summary>What a finished ingest job did.</summary>
public sealed record IngestJobCounts(int Added, int Updated, int Unchanged, int Failed, int Chunks);
