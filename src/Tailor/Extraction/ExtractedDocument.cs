namespace Tailor.Extraction;

/// <summary>
/// The structured text of one document, as an extractor produced it.
/// </summary>
/// <param name="Id">The record id for multi-record formats (JSONL), else null (the file path gives the id).</param>
/// <param name="Title">Document title (HTML title, first heading, BEIR title), may be empty.</param>
/// <param name="Blocks">The blocks in reading order.</param>
/// <param name="Format">"markdown", "html", "text", "jsonl".</param>
public sealed record ExtractedDocument(string? Id, string Title, IReadOnlyList<Block> Blocks, string Format)
{
    /// <summary>Extra metadata from the source (e.g. BEIR fields), never null.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>Tags the source declares (Markdown front matter <c>tags:</c>), never null.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The date the source declares (front matter <c>date:</c>), UTC, or null (the file's modification time is used).</summary>
    public DateTime? Date { get; init; }
}
