using Tailor.Cleaning;

namespace Tailor.Ingestion;

/// <summary>Sensitive data found in one document written by an ingest run: how many of a kind, and whether they were masked.</summary>
public sealed record SensitiveFinding(string DocumentId, SensitiveKind Kind, int Count, bool Redacted);
