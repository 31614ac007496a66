namespace Tailor.Tokenization;

/// <summary>
/// A bounded, lock-free, direct-mapped cache from a piece's bytes to its tokens, for pieces that
/// need BPE merging. Entries are immutable and replaced whole, so concurrent readers see either
/// a complete entry or none.
/// </summary>
internal sealed class PieceCache
{
    private sealed class Entry(ulong hash, byte[] key, int[] tokens)
    {
        public readonly ulong Hash = hash;
        public readonly byte[] Key = key;
        public readonly int[] Tokens = tokens;
    }

    /// <summary>Pieces longer than this are not cached (they are rare and would crowd the cache).</summary>
    public const int MaxPieceBytes = 64;

    private readonly Entry?[] _entries;
    private readonly int _mask;

    public PieceCache(int capacityPowerOfTwo = 1 << 14)
    {
        _entries = new Entry?[capacityPowerOfTwo];
        _mask = capacityPowerOfTwo - 1;
    }

    public ReadOnlySpan<int> TryGet(ulong hash, ReadOnlySpan<byte> piece)
    {
        var e = Volatile.Read(ref _entries[(int)(hash >> 40) & _mask]);
        if (e != null && e.Hash == hash && piece.SequenceEqual(e.Key)) return e.Tokens;
        return default;
    }

    public void Add(ulong hash, ReadOnlySpan<byte> piece, ReadOnlySpan<int> tokens)
    {
        if (piece.Length > MaxPieceBytes) return;
        Volatile.Write(ref _entries[(int)(hash >> 40) & _mask], new Entry(hash, piece.ToArray(), tokens.ToArray()));
    }
}
