namespace Tailor.Ingestion;

/// <summary>
/// A CSV or TSV document written by an ingest run whose first row is data, not a header: its columns are
/// named "column 1" to "column <see cref="Columns"/>" (in chunks and in <c>--where</c> filters).
/// </summary>
public sealed record HeaderlessTable(string DocumentId, string Source, int Columns);
