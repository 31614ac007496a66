namespace Tailor.Embedding;

/// <summary>Progress of embedding chunks: how many of <see cref="Total"/> are done, and how many came from the cache.</summary>
public readonly record struct EmbeddingProgress(int Done, int Total, int CacheHits);
