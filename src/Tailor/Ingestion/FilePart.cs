namespace Tailor.Ingestion;

/// <summary>
/// A run of whole lines of a large JSONL file, prepared on its own so a corpus of any size is read,
/// extracted and chunked in parallel pieces of bounded size: bytes [<see cref="Offset"/>,
/// <see cref="Offset"/> + <see cref="Length"/>), starting at line <see cref="FirstLine"/>.
/// </summary>
public sealed record FilePart(long Offset, int Length, int FirstLine, bool Last);
