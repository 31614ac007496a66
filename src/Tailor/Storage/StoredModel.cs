namespace Tailor.Storage;

/// <summary>A named model blob kept with the data (the built-in embedder, a PCA projection, the record of a server model).</summary>
public readonly record struct StoredModel(string ModelId, byte[] Data);
