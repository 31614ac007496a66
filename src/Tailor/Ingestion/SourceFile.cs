namespace Tailor.Ingestion;

/// <summary>A file found for ingestion: its full path, the root it was found under, and its id (path relative to the root, with '/').</summary>
public sealed record SourceFile(string FullPath, string Root, string RelativeId);
