namespace Tailor.Examples;

/// <summary>
/// One example read from a JSONL line: its optional id, input and output, the 1-based line number, and the optional id of
/// the document it was drawn from (a reader who may not read that document is never shown it).
/// </summary>
public sealed record ExampleLine(int LineNumber, string? Id, string Input, string Output, string? Document = null);
