namespace Tailor.Storage;

/// <summary>Chunk embeddings and the models they come from.</summary>
public interface IEmbeddingStore
{
    /// <summary>
    /// Up to <paramref name="limit"/> chunks above <paramref name="afterId"/> (id order) with no embedding from
    /// <paramref name="modelId"/>. Ids need not commit in order: a walk is complete only when a pass from 0 finds none.
    /// </summary>
    List<ChunkRow> PendingChunks(string modelId, long afterId, int limit);

    /// <summary>
    /// Stores embeddings in one transaction (a vector of a chunk deleted meanwhile is skipped) and bumps the
    /// embeddings counter. With <paramref name="model"/>, the model is saved and every older embedding dropped in
    /// the same transaction (a retrain or a switch). <paramref name="vectors"/> is read inside the transaction, so
    /// it may stream (reading the store on other connections). Returns how many vectors were written.
    /// </summary>
    int WriteEmbeddings(string modelId, IEnumerable<(long ChunkId, float[] Vector)> vectors, (string Name, byte[] Data)? model = null);

    /// <summary>The stored vectors of <paramref name="modelId"/> for the given chunks (missing ones are absent).</summary>
    Dictionary<long, float[]> GetEmbeddings(IReadOnlyList<long> ids, string modelId);

    /// <summary>Streams every stored embedding of <paramref name="modelId"/> in chunk id order.</summary>
    IEnumerable<(long ChunkId, float[] Vector)> ScanEmbeddings(string modelId);

    long CountEmbeddings(string modelId);

    /// <summary>The stored model called <paramref name="name"/>, or null.</summary>
    StoredModel? ReadModel(string name);
}
