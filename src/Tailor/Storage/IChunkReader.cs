namespace Tailor.Storage;

/// <summary>Reads of documents and chunks: what search hydrates hits from, what the catalog lists, what filters allow.</summary>
public interface IChunkReader
{
    /// <summary>One document with its tags and date, or null.</summary>
    StoredDocument? GetDocument(string id);

    /// <summary>All documents (whose id starts with the prefix), ordered by id, with their tags and dates.</summary>
    List<StoredDocument> ListDocuments(string? idPrefix = null);

    /// <summary>The chunks of one document, in order.</summary>
    List<StoredChunk> ChunksOf(string documentId);

    /// <summary>The table rows stored for a document's chunks (cells normalized, rows in order), by chunk id; chunks without rows are absent.</summary>
    Dictionary<long, List<IReadOnlyDictionary<string, string>>> RowsOf(string documentId);

    /// <summary>The chunks with the given ids joined with their document, in no particular order (deleted ones are absent).</summary>
    Dictionary<long, (StoredChunk Chunk, StoredDocument Document)> GetChunks(IReadOnlyList<long> ids);

    /// <summary>Ids of the chunks whose documents pass the filter.</summary>
    HashSet<long> FilterChunks(ChunkFilter filter);

    (long Documents, long Chunks) Counts();
}
