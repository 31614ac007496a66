namespace Tailor.Ingestion;

/// <summary>A file found for ingestion: its full path, the root it was found under, and its id (path relative to the root, with '/').</summary>
public sealed record SourceFile(string FullPath, string Root, string RelativeId)
{
    /// <summary>For a large JSONL file, the run of lines this item covers (null: the whole file).</summary>
    public FilePart? Part { get; init; }
}
