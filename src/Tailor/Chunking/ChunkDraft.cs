namespace Tailor.Chunking;

/// <summary>A chunk as the chunker cuts it, before it is stored and given an id.</summary>
/// <param name="Text">The chunk text (table chunks start with the table's header row).</param>
/// <param name="Section">Section path, e.g. "Guide > Install > Linux"; empty when the document has no headings.</param>
/// <param name="LineStart">1-based first source line, or 0.</param>
/// <param name="LineEnd">1-based last source line, or 0.</param>
/// <param name="Anchor">HTML fragment id of the nearest preceding heading/element, or null.</param>
/// <param name="TokenCount">Tokens counted by the chunker's <see cref="Tokenization.ITokenCounter"/>.</param>
/// <param name="Rows">The table rows in the chunk (column name → cell) for tables with a header row, stored so
/// <c>--where</c> filters can match them; null or empty for chunks without table rows.</param>
public sealed record ChunkDraft(string Text, string Section, int LineStart, int LineEnd, string? Anchor, int TokenCount,
    IReadOnlyList<IReadOnlyDictionary<string, string>>? Rows = null);
