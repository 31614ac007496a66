namespace Tailor.Examples;

/// <summary>One example read from a JSONL line: its optional id, input and output, and the 1-based line number.</summary>
public sealed record ExampleLine(int LineNumber, string? Id, string Input, string Output);
