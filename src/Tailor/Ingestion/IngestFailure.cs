namespace Tailor.Ingestion;

/// <summary>An input that could not be ingested (or a part of it, e.g. one JSONL line), and why.</summary>
/// <param name="Source">The file, folder or path given.</param>
/// <param name="Error">Why it failed; a leading "<paramref name="Source"/>: " (messages name their input) is dropped, so the path is not said twice.</param>
public sealed record IngestFailure(string Source, string Error)
{
    public string Error { get; init; } = WithoutSource(Source, Error);

    private static string WithoutSource(string source, string error) =>
        source.Length > 0 && error.StartsWith(source + ": ", StringComparison.Ordinal) ? error[(source.Length + 2)..] : error;
}
