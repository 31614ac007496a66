namespace Tailor.Storage;

/// <summary>
/// Embeddings already paid for, keyed by (model id, dimensions, SHA-256 of the text). Entries are never
/// evicted: they cost one vector per distinct chunk text and model.
/// </summary>
public interface IEmbeddingCache
{
    /// <summary>The cached vector of each hash (null when absent), in order. <paramref name="dimensions"/> 0 accepts any length.</summary>
    float[]?[] LookupCached(string modelId, int dimensions, IReadOnlyList<byte[]> hashes);

    /// <summary>Adds (or refreshes) entries in one transaction.</summary>
    void StoreCached(string modelId, IReadOnlyList<(byte[] Hash, float[] Vector)> entries);

    /// <summary>Number of cached vectors of <paramref name="modelId"/> (all models when null).</summary>
    long CountCached(string? modelId = null);
}
