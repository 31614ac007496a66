using Tailor.Chunking;

namespace Tailor.Storage;

/// <summary>One document version ready to be written: the row and its chunks, in order.</summary>
public sealed record DocumentWrite(StoredDocument Document, IReadOnlyList<ChunkDraft> Chunks);
