using System.Buffers;

namespace Tailor.Tokenization;

/// <summary>
/// Byte-level BPE for one piece: repeatedly merges the adjacent pair whose concatenation has
/// the lowest rank (leftmost on ties), exactly as tiktoken does. Short pieces use a flat scan;
/// long pieces a heap over a linked list, so a megabyte without spaces stays near-linear.
/// </summary>
internal static class BytePairMerger
{
    private const int LongPiece = 128;

    /// <summary>Writes the tokens of <paramref name="piece"/> into <paramref name="output"/> (length at least piece.Length); returns how many.</summary>
    public static int Merge(BpeRanks ranks, ReadOnlySpan<byte> piece, Span<int> output)
    {
        if (piece.Length == 1)
        {
            output[0] = ranks.TryGetRank(piece);
            return 1;
        }
        return piece.Length <= LongPiece ? MergeShort(ranks, piece, output) : MergeLong(ranks, piece, output);
    }

    internal static int MergeShort(BpeRanks ranks, ReadOnlySpan<byte> piece, Span<int> output)
    {
        int n = piece.Length;
        // starts[k] = byte offset where part k begins; rank[k] = rank of parts k and k+1 merged.
        Span<int> starts = stackalloc int[n + 1];
        Span<int> pairRank = stackalloc int[n + 1];
        for (int k = 0; k < n - 1; k++)
        {
            starts[k] = k;
            pairRank[k] = RankOrMax(ranks, piece.Slice(k, 2));
        }
        starts[n - 1] = n - 1;
        pairRank[n - 1] = int.MaxValue;
        starts[n] = n;
        pairRank[n] = int.MaxValue;
        int count = n + 1;
        while (true)
        {
            int best = int.MaxValue, at = -1;
            for (int k = 0; k < count - 1; k++)
            {
                if (pairRank[k] < best)
                {
                    best = pairRank[k];
                    at = k;
                }
            }
            if (at < 0) break;
            if (at > 0) pairRank[at - 1] = at + 2 < count ? RankOrMax(ranks, piece[starts[at - 1]..starts[at + 2]]) : int.MaxValue;
            pairRank[at] = at + 3 < count ? RankOrMax(ranks, piece[starts[at]..starts[at + 3]]) : int.MaxValue;
            starts.Slice(at + 2, count - at - 2).CopyTo(starts.Slice(at + 1));
            pairRank.Slice(at + 2, count - at - 2).CopyTo(pairRank.Slice(at + 1));
            count--;
        }
        for (int k = 0; k < count - 1; k++) output[k] = ranks.TryGetRank(piece[starts[k]..starts[k + 1]]);
        return count - 1;
    }

    // Same merges as MergeShort in O(n log n): parts form a linked list; a min-heap holds
    // (rank, start) of each live pair, stale entries are skipped when popped.
    internal static int MergeLong(BpeRanks ranks, ReadOnlySpan<byte> piece, Span<int> output)
    {
        int n = piece.Length;
        int[] next = ArrayPool<int>.Shared.Rent(n);
        int[] prev = ArrayPool<int>.Shared.Rent(n);
        int[] pairRank = ArrayPool<int>.Shared.Rent(n);
        var heap = new PriorityQueue<int, long>(n);
        try
        {
            for (int k = 0; k < n; k++)
            {
                next[k] = k + 1;
                prev[k] = k - 1;
                pairRank[k] = k + 1 < n ? RankOrMax(ranks, piece.Slice(k, 2)) : int.MaxValue;
                if (pairRank[k] != int.MaxValue) heap.Enqueue(k, Key(pairRank[k], k));
            }
            while (heap.TryDequeue(out int at, out long key))
            {
                int rank = (int)(key >> 32);
                if (next[at] < 0 || pairRank[at] != rank) continue; // removed or stale
                // merge part `at` with its successor
                int right = next[at];
                int after = next[right];
                next[at] = after;
                if (after < n) prev[after] = at;
                next[right] = -1;
                int end2 = after < n ? next[after] : -1;
                pairRank[at] = after < n ? RankOrMax(ranks, piece[at..end2]) : int.MaxValue;
                if (pairRank[at] != int.MaxValue) heap.Enqueue(at, Key(pairRank[at], at));
                int before = prev[at];
                if (before >= 0)
                {
                    pairRank[before] = RankOrMax(ranks, piece[before..after]);
                    if (pairRank[before] != int.MaxValue) heap.Enqueue(before, Key(pairRank[before], before));
                }
            }
            int count = 0;
            for (int k = 0; k < n; k = next[k]) output[count++] = ranks.TryGetRank(piece[k..next[k]]);
            return count;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(next);
            ArrayPool<int>.Shared.Return(prev);
            ArrayPool<int>.Shared.Return(pairRank);
        }
    }

    private static long Key(int rank, int start) => ((long)rank << 32) | (uint)start;

    private static int RankOrMax(BpeRanks ranks, ReadOnlySpan<byte> bytes)
    {
        int r = ranks.TryGetRank(bytes);
        return r < 0 ? int.MaxValue : r;
    }
}
