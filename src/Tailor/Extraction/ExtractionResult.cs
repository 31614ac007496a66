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

    /// <summary>
    /// The document, or when it has neither text nor title, no documents and the problem
    /// <see cref="SourceText.NoTextProblem"/>.
    /// </summary>
    public static ExtractionResult OfOrNoText(ExtractedDocument document) =>
        document.Blocks.Count == 0 && string.IsNullOrWhiteSpace(document.Title) ? new([], [SourceText.NoTextProblem]) : Of(document);
}
