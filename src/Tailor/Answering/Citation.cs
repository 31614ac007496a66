namespace Tailor.Answering;

/// <summary>
/// One quoted passage behind an answer. <paramref name="N"/> is the marker used in the answer
/// text ([1], [2], ...); passages quoted from the same source share it.
/// </summary>
/// <param name="N">1-based source number, in order of first use in the answer.</param>
/// <param name="DocumentId">The cited document.</param>
/// <param name="Source">The document's source (file path relative to the ingest root, URL, or record id).</param>
/// <param name="Link">Where the passage is: file with line range (#L12-L20) or URL/HTML anchor.</param>
/// <param name="Quote">The quoted passage, an exact substring of the chunk text.</param>
public sealed record Citation(int N, string DocumentId, string Source, string Link, string Quote);
