namespace Tailor.Storage;

/// <summary>A chunk as derived indexes read it: id, its document's title, section, text and the checksum stored at write.</summary>
public readonly record struct ChunkRow(long Id, string Title, string Section, string Text, long Checksum);
