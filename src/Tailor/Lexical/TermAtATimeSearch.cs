namespace Tailor.Lexical;

/// <summary>
/// Term-at-a-time BM25: each query term's postings add into a per-chunk float accumulator (pooled,
/// one per concurrent search, returned zeroed), then the top k are selected with a min-heap, walking
/// either the postings again (few matches) or the whole accumulator (many matches).
/// </summary>
internal sealed class TermAtATimeSearch
{
    private readonly Stack<float[]> _pool = new();

    /// <param name="weights">Per query term: query weight × idf × (K1 + 1).</param>
    public void Run(LexicalIndex index, PostingsSegment[] segments, int[] ids, float[] weights, float[] norms, int ordinals, long postings, TopKHeap heap, Predicate<long>? filter)
    {
        float[] acc = Rent(ordinals);
        bool clean = false;
        try
        {
            for (int q = 0; q < ids.Length; q++)
            {
                foreach (var segment in segments) Accumulate(segment, ids[q], weights[q], norms, acc);
            }

            if (postings * 4 < ordinals)
            {
                for (int q = 0; q < ids.Length; q++)
                {
                    foreach (var segment in segments) Collect(index, segment, ids[q], acc, heap, filter);
                }
            }
            else
            {
                var all = acc.AsSpan(0, ordinals);
                for (int d = 0; d < all.Length; d++)
                {
                    float s = all[d];
                    if (s <= 0) continue;
                    all[d] = 0;
                    index.Offer(heap, s, d, filter);
                }
            }
            clean = true;
        }
        finally
        {
            if (clean) Return(acc);
        }
    }

    /// <summary>Drops pooled accumulators (after compaction shrinks the ordinal space).</summary>
    public void ClearPool()
    {
        lock (_pool) _pool.Clear();
    }

    private static void Accumulate(PostingsSegment segment, int id, float weight, float[] norms, float[] acc)
    {
        int n = segment.Count(id);
        if (n == 0) return;
        int start = segment.Start[id];
        ReadOnlySpan<int> docs = segment.Docs.AsSpan(start, n);
        ReadOnlySpan<ushort> tfs = segment.Tfs.AsSpan(start, n);
        for (int i = 0; i < docs.Length; i++)
        {
            int d = docs[i];
            float tf = tfs[i];
            acc[d] += weight * tf / (tf + norms[d]);
        }
    }

    private static void Collect(LexicalIndex index, PostingsSegment segment, int id, float[] acc, TopKHeap heap, Predicate<long>? filter)
    {
        int n = segment.Count(id);
        if (n == 0) return;
        foreach (int d in segment.Docs.AsSpan(segment.Start[id], n))
        {
            float s = acc[d];
            if (s <= 0) continue;
            acc[d] = 0;
            index.Offer(heap, s, d, filter);
        }
    }

    private float[] Rent(int ordinals)
    {
        lock (_pool)
        {
            while (_pool.Count > 0)
            {
                var a = _pool.Pop();
                if (a.Length >= ordinals) return a;
            }
        }
        return new float[Math.Max(ordinals + (ordinals >> 3), 1024)];
    }

    private void Return(float[] acc)
    {
        lock (_pool)
        {
            if (_pool.Count < Environment.ProcessorCount * 2) _pool.Push(acc);
        }
    }
}
