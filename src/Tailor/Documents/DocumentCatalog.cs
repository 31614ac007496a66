using Tailor.Storage;

namespace Tailor.Documents;

/// <summary>The documents of a knowledge base: list, show, and (through the knowledge base) delete.</summary>
public sealed class DocumentCatalog
{
    private readonly IChunkReader _store;

    internal DocumentCatalog(IChunkReader store) => _store = store;

    /// <summary>All documents ordered by id, optionally only those whose id starts with <paramref name="idPrefix"/>.</summary>
    public IReadOnlyList<StoredDocument> List(string? idPrefix = null) => _store.ListDocuments(idPrefix);

    /// <summary>One document with its tags and date, or null.</summary>
    public StoredDocument? Get(string id) => _store.GetDocument(id);

    /// <summary>The chunks of a document in order; empty when it does not exist.</summary>
    public IReadOnlyList<StoredChunk> Chunks(string id) => _store.ChunksOf(id);

    public (long Documents, long Chunks) Count() => _store.Counts();
}
