using Tailor.Storage;
using Tailor.Vectors;

namespace Tailor.Indexes;

/// <summary>
/// The vector index of a store that searches its own vectors (<see cref="IVectorSearch"/>: PostgreSQL with
/// pgvector). Nothing is loaded into memory; a filtered search passes the filter to the store, which applies it
/// inside its index scan. Below the HNSW threshold the store scans exactly, as the embedded store does.
/// </summary>
internal sealed class StoreVectorIndex(IVectorSearch store, string modelId, int dimensions, int count, bool exact) : IVectorIndex
{
    public int Dim => dimensions;

    public int Count => count;

    public VectorHit[] Search(ReadOnlySpan<float> query, int k, Func<long, bool>? filter = null)
    {
        if (filter is not null)
            throw new InvalidOperationException("a store-side vector index takes its filter as a ChunkFilter; call Search(query, k, ChunkFilter).");
        return Search(query.ToArray(), k, (ChunkFilter?)null);
    }

    /// <summary>The <paramref name="k"/> nearest chunks that pass <paramref name="filter"/> (null: all).</summary>
    public VectorHit[] Search(float[] query, int k, ChunkFilter? filter)
    {
        var hits = store.SearchVectors(modelId, query, k, filter, exact);
        var result = new VectorHit[hits.Count];
        for (int i = 0; i < result.Length; i++) result[i] = new VectorHit(hits[i].ChunkId, (float)hits[i].Score);
        return result;
    }
}
