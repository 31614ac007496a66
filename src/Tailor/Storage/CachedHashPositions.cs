namespace Tailor.Storage;

/// <summary>
/// Where each distinct text hash of an embedding-cache lookup stands in the request (a text may repeat), keyed by
/// the hash in hexadecimal: the one piece every store's <see cref="IEmbeddingCache.LookupCached"/> shares.
/// </summary>
public static class CachedHashPositions
{
    /// <summary>The positions of each distinct hash of <paramref name="hashes"/>, in first-seen order.</summary>
    public static Dictionary<string, List<int>> Of(IReadOnlyList<byte[]> hashes)
    {
        var index = new Dictionary<string, List<int>>(hashes.Count, StringComparer.Ordinal);
        for (int i = 0; i < hashes.Count; i++)
        {
            var key = Convert.ToHexString(hashes[i]);
            if (!index.TryGetValue(key, out var list)) index[key] = list = [];
            list.Add(i);
        }
        return index;
    }
}
