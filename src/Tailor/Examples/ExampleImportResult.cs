namespace Tailor.Examples;

/// <summary>What an import of few-shot examples did.</summary>
/// <param name="Added">Examples stored.</param>
/// <param name="Duplicates">Lines skipped because the same input and output (or id) were already stored or appeared earlier in the file.</param>
/// <param name="Lines">Non-blank lines read.</param>
public sealed record ExampleImportResult(int Added, int Duplicates, int Lines);
