namespace Tailor.Embedding;

/// <summary>What <c>tailor reembed</c> did: the embedder now in effect, chunks embedded, and how many vectors came from the cache.</summary>
public sealed record ReembedResult(EmbedderInfo Previous, EmbedderInfo Current, int Chunks, long CacheHits, long Sent);
