using System.Runtime.Intrinsics.X86;

namespace Tailor.Vectors;

public sealed unsafe partial class HnswIndex
{
    /// <summary>
    /// The approximate top <paramref name="k"/> for <paramref name="query"/>, best first. <paramref name="ef"/> is the
    /// candidate list size (0: <see cref="DefaultEf"/>; raised to k). Deleted ids are never returned; with a
    /// <paramref name="filter"/>, only accepted ids are returned, and when the graph walk finds fewer than k of
    /// them an exact scan of the accepted ids fills the result, so k hits come back whenever k exist.
    /// </summary>
    public VectorHit[] Search(ReadOnlySpan<float> query, int k, int ef = 0, Func<long, bool>? filter = null)
    {
        if (k <= 0) return [];
        var hits = new VectorHit[Math.Min(k, Count)];
        int n = Search(query, hits, ef, filter);
        return n == hits.Length ? hits : hits[..n];
    }

    /// <summary>Writes up to <c>destination.Length</c> hits, best first; returns how many were written. Allocates nothing.</summary>
    public int Search(ReadOnlySpan<float> query, Span<VectorHit> destination, int ef = 0, Func<long, bool>? filter = null)
    {
        int k = destination.Length;
        var scratch = SearchScratch.Rent();
        try
        {
            scratch.EnsureQuery(Dim);
            var q = _rows.PrepareQuery(query, scratch.Query);
            if (k == 0 || Count == 0) return 0;
            ef = Math.Max(ef > 0 ? ef : DefaultEf, k);
            int found;
            fixed (float* pq = q)
            fixed (float* data = _rows.Data)
            {
                found = Metric == VectorMetric.L2
                    ? SearchGraph<SquaredEuclidean>(data, pq, ef, filter, scratch)
                    : SearchGraph<NegativeDot>(data, pq, ef, filter, scratch);
            }
            if (found < 0) return ExactFill(q, destination, filter, scratch);
            var results = scratch.Results;
            scratch.EnsureDrain(found);
            results.DrainAscending(scratch.Keys.AsSpan(0, found), scratch.Nodes.AsSpan(0, found));
            int n = Math.Min(found, k);
            for (int i = 0; i < n; i++) destination[i] = new VectorHit(_rows.Ids[scratch.Nodes[i]], -scratch.Keys[i]);
            if (n < k && n < Count) n = ExactFill(q, destination, filter, scratch);
            return n;
        }
        finally
        {
            scratch.Return();
        }
    }

    private int SearchGraph<TDistance>(float* data, float* q, int ef, Func<long, bool>? filter, SearchScratch scratch)
        where TDistance : struct, IDistance
    {
        int dim = Dim;
        int current = _entry;
        float currentDistance = TDistance.Distance(q, data + (long)current * dim, dim);
        for (int l = _maxLevel; l > 0; l--)
        {
            bool changed = true;
            while (changed)
            {
                changed = false;
                var list = LinkList(current, l);
                int count = list[0];
                for (int i = 1; i <= count; i++)
                {
                    int n = list[i];
                    float d = TDistance.Distance(q, data + (long)n * dim, dim);
                    if (d < currentDistance)
                    {
                        currentDistance = d;
                        current = n;
                        changed = true;
                    }
                }
            }
        }
        return filter is null && _deletedCount == 0
            ? SearchLayer0<TDistance, AcceptAll>(data, q, current, currentDistance, ef, null, scratch, int.MaxValue)
            : SearchLayer0<TDistance, AcceptLive>(data, q, current, currentDistance, ef, filter, scratch, FilteredBudget(ef));
    }

    /// <summary>How many links a filtered walk may follow before giving up (returning -1) in favour of an exact scan
    /// of the accepted rows: a selective filter would otherwise walk most of the graph by random access, while the
    /// scan computes distances only for the few accepted rows.</summary>
    private int FilteredBudget(int ef) => Math.Max(8 * ef * _m0, 4096);

    private int SearchLayer0<TDistance, TAccept>(float* data, float* q, int entry, float entryDistance, int ef, Func<long, bool>? filter, SearchScratch scratch, int budget)
        where TDistance : struct, IDistance
        where TAccept : struct, IAccept
    {
        int dim = Dim;
        int stride = _m0 + 1;
        var visited = scratch.Visited;
        var candidates = scratch.Candidates;
        var results = scratch.Results;
        visited.Reset(_rows.Count);
        candidates.Clear();
        results.Clear();
        visited.TryVisit(entry);
        candidates.Push(-entryDistance, entry);
        float lowerBound = float.PositiveInfinity;
        if (TAccept.Accept(this, entry, filter))
        {
            results.Push(entryDistance, entry);
            lowerBound = entryDistance;
        }
        fixed (int* level0 = _level0)
        {
            while (candidates.Count > 0)
            {
                float cd = -candidates.TopKey;
                if (cd > lowerBound && results.Count >= ef) break;
                int c = candidates.TopNode;
                candidates.Pop();
                int* list = level0 + (long)c * stride;
                int count = list[0];
                budget -= count;
                if (budget < 0) return -1;
                if (Sse.IsSupported && count > 0) Prefetch(data + (long)list[1] * dim);
                for (int i = 1; i <= count; i++)
                {
                    int n = list[i];
                    if (Sse.IsSupported && i < count) Prefetch(data + (long)list[i + 1] * dim);
                    if (!visited.TryVisit(n)) continue;
                    float d = TDistance.Distance(q, data + (long)n * dim, dim);
                    if (results.Count < ef || d < lowerBound)
                    {
                        candidates.Push(-d, n);
                        if (Sse.IsSupported) Sse.Prefetch0(level0 + (long)candidates.TopNode * stride);
                        if (TAccept.Accept(this, n, filter))
                        {
                            results.Push(d, n);
                            if (results.Count > ef) results.Pop();
                            lowerBound = results.TopKey;
                        }
                    }
                }
            }
        }
        return results.Count;
    }

    private static void Prefetch(float* row)
    {
        Sse.Prefetch0(row);
        Sse.Prefetch0(row + 16);
        Sse.Prefetch0(row + 32);
        Sse.Prefetch0(row + 48);
    }

    /// <summary>Exact scan over accepted live rows: used when the graph walk could not find k accepted hits.</summary>
    private int ExactFill(ReadOnlySpan<float> q, Span<VectorHit> destination, Func<long, bool>? filter, SearchScratch scratch)
    {
        int k = destination.Length;
        var heap = scratch.Results;
        heap.Clear();
        int dim = Dim;
        fixed (float* pq = q)
        fixed (float* data = _rows.Data)
        {
            for (int o = 0; o < _rows.Count; o++)
            {
                if (IsDeleted(o) || (filter is not null && !filter(_rows.Ids[o]))) continue;
                float d = Metric == VectorMetric.L2 ? VectorMath.SquaredL2Unsafe(pq, data + (long)o * dim, dim) : -VectorMath.DotUnsafe(pq, data + (long)o * dim, dim);
                if (heap.Count < k) heap.Push(d, o);
                else if (d < heap.TopKey) heap.ReplaceTop(d, o);
            }
        }
        int n = heap.Count;
        scratch.EnsureDrain(n);
        heap.DrainAscending(scratch.Keys.AsSpan(0, n), scratch.Nodes.AsSpan(0, n));
        for (int i = 0; i < n; i++) destination[i] = new VectorHit(_rows.Ids[scratch.Nodes[i]], -scratch.Keys[i]);
        return n;
    }

    /// <summary>Decides at compile time whether a node may be returned (no per-node checks when nothing is deleted or filtered).</summary>
    private interface IAccept
    {
        static abstract bool Accept(HnswIndex index, int node, Func<long, bool>? filter);
    }

    private readonly struct AcceptAll : IAccept
    {
        public static bool Accept(HnswIndex index, int node, Func<long, bool>? filter) => true;
    }

    private readonly struct AcceptLive : IAccept
    {
        public static bool Accept(HnswIndex index, int node, Func<long, bool>? filter)
            => !index.IsDeleted(node) && (filter is null || filter(index._rows.Ids[node]));
    }
}
