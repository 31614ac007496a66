namespace Tailor.Ingestion;

/// <summary>An input that could not be ingested (or a part of it, e.g. one JSONL line), and why.</summary>
public sealed record IngestFailure(string Source, string Error);
