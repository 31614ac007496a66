namespace Tailor.Storage;

/// <summary>
/// Where a store is: <see cref="Generation"/> is bumped by every committed write of documents or chunks,
/// <see cref="Embeddings"/> by every committed write of embeddings. Derived indexes record the version they reflect.
/// </summary>
public readonly record struct StoreVersion(long Generation, long Embeddings);
