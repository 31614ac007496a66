namespace Tailor.Storage;

/// <summary>
/// A store that searches its own vectors (PostgreSQL with pgvector: an HNSW index per embedding model, the
/// filter applied inside the index scan). Stores without it are searched through an in-memory index built from
/// their embeddings.
/// </summary>
public interface IVectorSearch
{
    /// <summary>False when this store cannot search vectors after all (PostgreSQL without pgvector).</summary>
    bool SearchesVectors { get; }

    /// <summary>The <paramref name="k"/> chunks nearest (cosine) to <paramref name="query"/> among the vectors of <paramref name="modelId"/> that pass <paramref name="filter"/>, best first.</summary>
    /// <param name="exact">Scan every vector instead of the approximate index (small corpora, as the embedded store does below its HNSW threshold).</param>
    List<(long ChunkId, double Score)> SearchVectors(string modelId, float[] query, int k, ChunkFilter? filter, bool exact);
}
