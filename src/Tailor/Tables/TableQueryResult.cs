namespace Tailor.Tables;

/// <summary>The result of a table query: its column names, its rows (cells as text, null for SQL NULL), and whether rows were cut at the row limit.</summary>
public sealed record TableQueryResult(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string?>> Rows, bool Truncated);
