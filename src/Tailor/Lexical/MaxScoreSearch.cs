namespace Tailor.Lexical;

/// <summary>
/// Document-at-a-time BM25 with MaxScore dynamic pruning (Turtle and Flood, 1995). Posting lists
/// are ordered by their score upper bound; once the k-th best score exceeds the summed bounds of
/// the weakest lists, those lists can no longer bring in new chunks and are only probed (by
/// galloping search) for candidates found in the stronger lists. Scores are summed in query-term
/// order, exactly as the term-at-a-time path sums them, so both paths return identical results.
/// </summary>
internal static class MaxScoreSearch
{
    /// <summary>Margin that keeps pruning safe against float rounding of summed scores.</summary>
    private const float SafetyFactor = 1 - 1e-4f;

    private struct PostingList
    {
        public int Term;
        public int[] Docs;
        public ushort[] Tfs;
        public int Pos;
        public int End;
        public float Weight;
    }

    /// <param name="weights">Per query term: query weight × idf × (K1 + 1), also the term's score bound.</param>
    public static void Run(LexicalIndex index, PostingsSegment[] segments, int[] ids, float[] weights, float[] norms, TopKHeap heap, Predicate<long>? filter)
    {
        var lists = new PostingList[ids.Length * segments.Length];
        int count = 0;
        for (int q = 0; q < ids.Length; q++)
        {
            foreach (var segment in segments)
            {
                int n = segment.Count(ids[q]);
                if (n == 0) continue;
                int start = segment.Start[ids[q]];
                lists[count++] = new PostingList { Term = q, Docs = segment.Docs, Tfs = segment.Tfs, Pos = start, End = start + n, Weight = weights[q] };
            }
        }
        var span = lists.AsSpan(0, count);
        span.Sort((a, b) => a.Weight != b.Weight ? a.Weight.CompareTo(b.Weight) : a.Term.CompareTo(b.Term));

        // bound[i]: the most lists 0..i can add to a chunk's score. A chunk is in one segment, so a
        // term's lists (adjacent after the sort) count once.
        var bound = new float[count];
        float running = 0;
        for (int i = 0; i < count; i++)
        {
            if (i == 0 || span[i].Term != span[i - 1].Term) running += span[i].Weight;
            bound[i] = running;
        }

        var contributions = new float[ids.Length];
        int firstEssential = 0;
        float threshold = 0;
        while (true)
        {
            int doc = int.MaxValue;
            for (int i = firstEssential; i < count; i++)
            {
                ref var list = ref span[i];
                if (list.Pos < list.End && list.Docs[list.Pos] < doc) doc = list.Docs[list.Pos];
            }
            if (doc == int.MaxValue) break;

            Array.Clear(contributions);
            float norm = norms[doc];
            float partial = 0;
            for (int i = firstEssential; i < count; i++)
            {
                ref var list = ref span[i];
                if (list.Pos >= list.End || list.Docs[list.Pos] != doc) continue;
                float tf = list.Tfs[list.Pos++];
                float c = list.Weight * tf / (tf + norm);
                contributions[list.Term] = c;
                partial += c;
            }

            bool pruned = false;
            for (int i = firstEssential - 1; i >= 0; i--)
            {
                if (partial + bound[i] < threshold)
                {
                    pruned = true;
                    break;
                }
                ref var list = ref span[i];
                list.Pos = Gallop(list.Docs, list.Pos, list.End, doc);
                if (list.Pos >= list.End || list.Docs[list.Pos] != doc) continue;
                float tf = list.Tfs[list.Pos];
                float c = list.Weight * tf / (tf + norm);
                contributions[list.Term] = c;
                partial += c;
            }
            if (pruned) continue;

            float score = 0;
            foreach (float c in contributions) score += c;
            if (score <= 0) continue;
            index.Offer(heap, score, doc, filter);
            if (heap.IsFull)
            {
                threshold = heap.MinScore * SafetyFactor;
                while (firstEssential < count && bound[firstEssential] < threshold) firstEssential++;
            }
        }
    }

    /// <summary>The first position at or after <paramref name="pos"/> whose ordinal is at least <paramref name="target"/>.</summary>
    private static int Gallop(int[] docs, int pos, int end, int target)
    {
        if (pos >= end || docs[pos] >= target) return pos;
        int lo = pos, step = 1, hi = pos + 1;
        while (hi < end && docs[hi] < target)
        {
            lo = hi;
            step <<= 1;
            hi = lo + step;
        }
        if (hi > end) hi = end;
        lo++;
        while (lo < hi)
        {
            int mid = (int)((uint)(lo + hi) >> 1);
            if (docs[mid] < target) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
