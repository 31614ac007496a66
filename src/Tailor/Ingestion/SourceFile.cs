namespace Tailor.Ingestion;

/// <summary>A file found for ingestion: its full path, the root it was found under, and its id (path relative to the root, with '/').</summary>
public sealed record SourceFile(string FullPath, string Root, string RelativeId)
{
    /// <summary>For a large JSONL file, the run of lines this item covers (null: the whole file).</summary>
    public FilePart? Part { get; init; }

    /// <summary>The content when it is not read from disk (a fetched web page, whose <see cref="FullPath"/> is its URL); null: read the file.</summary>
    public byte[]? Content { get; init; }

    /// <summary>The extension whose extractor reads the content (".html" for a page served as text/html); null: the path's own extension.</summary>
    public string? ExtractAs { get; init; }
}
