namespace Tailor.Tables;

/// <summary>A table query that was refused (not a single read-only SELECT) or failed (SQLite error, time limit): the reason is the message.</summary>
public sealed class TableQueryRefusedException(string message) : Exception(message);
