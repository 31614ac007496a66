using System.Security.Cryptography;
using System.Text;
using Tailor.Storage;

namespace Tailor.Embedding;

/// <summary>
/// Puts the knowledge base's embedding cache (<see cref="IEmbeddingCache"/>) in front of a server embedder: document
/// texts already embedded by the same model (and dimensions) are not sent again, and each text
/// sent is embedded once even when it repeats. Queries pass through (the embedder caches them).
/// </summary>
internal sealed class CachingEmbedder(IEmbedder inner, IEmbeddingCache cache) : IEmbedder
{
    /// <summary>The cache key of a text: the SHA-256 of its UTF-8 bytes.</summary>
    public static byte[] Hash(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));

    private long _hits;
    private long _misses;

    public IEmbedder Inner => inner;

    public string ModelId => inner.ModelId;

    public int Dimensions => inner.Dimensions;

    /// <summary>Texts answered from the cache so far.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Texts sent to the server so far.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    public async Task<float[][]> EmbedDocumentsAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var hashes = new byte[texts.Count][];
        for (int i = 0; i < hashes.Length; i++) hashes[i] = Hash(texts[i]);
        var found = cache.LookupCached(inner.ModelId, inner.Dimensions, hashes);
        var result = new float[texts.Count][];
        var firstOf = new Dictionary<string, int>(StringComparer.Ordinal); // text → position in the request
        var request = new List<string>();
        var requestHashes = new List<byte[]>();
        var slot = new int[texts.Count];
        for (int i = 0; i < texts.Count; i++)
        {
            if (found[i] is { } hit) { result[i] = hit; slot[i] = -1; continue; }
            if (!firstOf.TryGetValue(texts[i], out var position))
            {
                position = request.Count;
                firstOf[texts[i]] = position;
                request.Add(texts[i]);
                requestHashes.Add(hashes[i]);
            }
            slot[i] = position;
        }
        Interlocked.Add(ref _hits, texts.Count - request.Count);
        if (request.Count == 0) return result;
        float[][] fresh;
        try
        {
            fresh = await inner.EmbedDocumentsAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (TailorException ex) when (EmbeddingInputError.IndexOf(ex) is { } index && index < request.Count)
        {
            // report the position in the caller's list, not in the deduplicated request
            int original = Array.IndexOf(slot, index);
            throw new TailorException(ex.Message, ex) { Data = { [EmbeddingInputError.IndexKey] = original } };
        }
        Interlocked.Add(ref _misses, request.Count);
        var entries = new List<(byte[], float[])>(request.Count);
        for (int j = 0; j < request.Count; j++) entries.Add((requestHashes[j], fresh[j]));
        cache.StoreCached(inner.ModelId, entries);
        for (int i = 0; i < texts.Count; i++)
            if (slot[i] >= 0) result[i] = fresh[slot[i]];
        return result;
    }

    /// <summary>The cached vector of each document text (null when absent), without calling the server.</summary>
    public float[]?[] Cached(IReadOnlyList<string> texts) =>
        cache.LookupCached(inner.ModelId, inner.Dimensions, texts.Select(Hash).ToList());

    public Task<float[]> EmbedQueryAsync(string text, CancellationToken cancellationToken = default) =>
        inner.EmbedQueryAsync(text, cancellationToken);
}
