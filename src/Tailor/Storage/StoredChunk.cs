namespace Tailor.Storage;

/// <summary>A chunk row as stored: its id, document, position and text.</summary>
public sealed record StoredChunk(
    long Id,
    string DocumentId,
    int Ordinal,
    string Section,
    string Text,
    int LineStart,
    int LineEnd,
    string? Anchor,
    int TokenCount);
