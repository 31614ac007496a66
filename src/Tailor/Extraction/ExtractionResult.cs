namespace Tailor.Extraction;

/// <summary>
/// What an extractor got out of one file: the documents it could read, and a problem per part it
/// could not (e.g. "line 17: not valid JSON"), so one bad record does not sink the whole file.
/// </summary>
public sealed record ExtractionResult(IReadOnlyList<ExtractedDocument> Documents, IReadOnlyList<string> Problems)
{
    public static ExtractionResult Of(ExtractedDocument document) => new([document], []);

    /// <summary>No documents and the problem "empty file": for a file holding only whitespace.</summary>
    public static ExtractionResult EmptyFile() => new([], [SourceText.EmptyFileProblem]);
}
