namespace Tailor.Extraction;

/// <summary>Turns the bytes of one file into structured documents. One implementation per format.</summary>
public interface ITextExtractor
{
    /// <summary>File extensions handled, lower case with the dot (".md").</summary>
    IReadOnlyList<string> Extensions { get; }

    /// <summary>
    /// Extracts the documents in <paramref name="content"/> (one for most formats, one per line for JSONL).
    /// Throws <see cref="TailorException"/> naming <paramref name="sourceName"/> when the whole file is
    /// unusable (binary content, invalid UTF-8); reports unreadable parts (a malformed JSONL line) as
    /// <see cref="ExtractionResult.Problems"/> and keeps the rest.
    /// </summary>
    ExtractionResult Extract(ReadOnlyMemory<byte> content, string sourceName);
}
