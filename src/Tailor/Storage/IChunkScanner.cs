namespace Tailor.Storage;

/// <summary>Walks over every chunk: what derived indexes are rebuilt and checked from.</summary>
public interface IChunkScanner
{
    /// <summary>
    /// Visits every chunk in id order inside one read transaction and returns the generation those rows
    /// are: an index built from them reflects exactly that generation, whatever commits meanwhile.
    /// </summary>
    long ScanChunks(Action<ChunkRow> visit);

    /// <summary>
    /// Up to <paramref name="limit"/> chunks with ids above <paramref name="afterId"/>, in id order, in a short read
    /// of its own. Ids need not commit in order (PostgreSQL sequences do not): a walk that must not miss a
    /// chunk runs under the writer lease, which keeps other writers out.
    /// </summary>
    List<ChunkRow> ChunkPage(long afterId, int limit);
}
