using System.Runtime.Intrinsics.X86;

namespace Tailor.Vectors;

public sealed unsafe partial class HnswIndex
{
    private void Insert(int ordinal, bool concurrent)
    {
        var scratch = SearchScratch.Rent();
        try
        {
            scratch.EnsureLinks(_m0 + 2);
            fixed (float* data = _rows.Data)
            {
                if (Metric == VectorMetric.L2) Insert<SquaredEuclidean>(data, ordinal, concurrent, scratch);
                else Insert<NegativeDot>(data, ordinal, concurrent, scratch);
            }
        }
        finally
        {
            scratch.Return();
        }
    }

    private void Insert<TDistance>(float* data, int ordinal, bool concurrent, SearchScratch scratch) where TDistance : struct, IDistance
    {
        int dim = Dim;
        float* q = data + (long)ordinal * dim;
        int level = _levels[ordinal];
        // As in hnswlib: a node that raises the top level keeps the entry lock for its whole insertion.
        int entry, maxLevel;
        bool holdsEntryLock = false;
        if (concurrent)
        {
            Monitor.Enter(_entryLock);
            entry = _entry;
            maxLevel = _maxLevel;
            if (level > maxLevel) holdsEntryLock = true;
            else Monitor.Exit(_entryLock);
        }
        else
        {
            entry = _entry;
            maxLevel = _maxLevel;
        }
        try
        {
            if (entry < 0)
            {
                _entry = ordinal;
                _maxLevel = level;
                return;
            }
            int current = entry;
            float currentDistance = TDistance.Distance(q, data + (long)current * dim, dim);
            for (int l = maxLevel; l > level; l--) Greedy<TDistance>(data, q, l, ref current, ref currentDistance, concurrent, scratch);
            for (int l = Math.Min(level, maxLevel); l >= 0; l--)
            {
                SearchLayer<TDistance>(data, q, current, l, _options.EfConstruction, concurrent, scratch);
                current = Connect<TDistance>(data, ordinal, l, concurrent, scratch);
            }
            if (level > maxLevel)
            {
                _entry = ordinal;
                _maxLevel = level;
            }
        }
        finally
        {
            if (holdsEntryLock) Monitor.Exit(_entryLock);
        }
    }

    /// <summary>Moves to ever closer nodes on <paramref name="level"/> until none is closer (ef = 1).</summary>
    private void Greedy<TDistance>(float* data, float* q, int level, ref int current, ref float currentDistance, bool concurrent, SearchScratch scratch)
        where TDistance : struct, IDistance
    {
        int dim = Dim;
        bool changed = true;
        while (changed)
        {
            changed = false;
            int count = ReadLinks(current, level, concurrent, scratch.Links);
            for (int i = 0; i < count; i++)
            {
                int n = scratch.Links[i];
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

    /// <summary>Copies the links of <paramref name="node"/> into <paramref name="target"/> (under its lock when building in parallel).</summary>
    private int ReadLinks(int node, int level, bool concurrent, int[] target)
    {
        if (concurrent) Lock(node);
        var list = LinkList(node, level);
        int count = list[0];
        list.Slice(1, count).CopyTo(target);
        if (concurrent) Unlock(node);
        return count;
    }

    /// <summary>Beam search on one layer for insertion: leaves up to <paramref name="ef"/> live nodes in scratch.Results (max-heap by distance).</summary>
    private void SearchLayer<TDistance>(float* data, float* q, int entry, int level, int ef, bool concurrent, SearchScratch scratch)
        where TDistance : struct, IDistance
    {
        int dim = Dim;
        var visited = scratch.Visited;
        var candidates = scratch.Candidates;
        var results = scratch.Results;
        visited.Reset(_rows.Count);
        candidates.Clear();
        results.Clear();
        float d0 = TDistance.Distance(q, data + (long)entry * dim, dim);
        visited.TryVisit(entry);
        candidates.Push(-d0, entry);
        float lowerBound = float.PositiveInfinity;
        if (!IsDeleted(entry))
        {
            results.Push(d0, entry);
            lowerBound = d0;
        }
        int stride = _m0 + 1;
        fixed (int* copy = scratch.Links)
        fixed (int* level0 = _level0)
        {
            while (candidates.Count > 0)
            {
                float cd = -candidates.TopKey;
                if (cd > lowerBound && results.Count >= ef) break;
                int c = candidates.TopNode;
                candidates.Pop();
                int* links;
                int count;
                if (level == 0 && !concurrent)
                {
                    links = level0 + (long)c * stride + 1;
                    count = links[-1];
                }
                else
                {
                    count = ReadLinks(c, level, concurrent, scratch.Links);
                    links = copy;
                }
                if (Sse.IsSupported && count > 0) Prefetch(data + (long)links[0] * dim);
                for (int i = 0; i < count; i++)
                {
                    int n = links[i];
                    if (Sse.IsSupported && i + 1 < count) Prefetch(data + (long)links[i + 1] * dim);
                    if (!visited.TryVisit(n)) continue;
                    float d = TDistance.Distance(q, data + (long)n * dim, dim);
                    if (results.Count < ef || d < lowerBound)
                    {
                        candidates.Push(-d, n);
                        if (!IsDeleted(n))
                        {
                            results.Push(d, n);
                            if (results.Count > ef) results.Pop();
                            lowerBound = results.TopKey;
                        }
                    }
                }
            }
        }
    }

    /// <summary>Links <paramref name="ordinal"/> to the heuristic selection from scratch.Results on <paramref name="level"/>,
    /// and back from each selected neighbour (shrinking its list by the same heuristic when full). Returns the closest neighbour.</summary>
    private int Connect<TDistance>(float* data, int ordinal, int level, bool concurrent, SearchScratch scratch) where TDistance : struct, IDistance
    {
        var results = scratch.Results;
        int found = results.Count;
        if (found == 0) return _entry;
        scratch.EnsureDrain(found);
        var keys = scratch.Keys;
        var nodes = scratch.Nodes;
        results.DrainAscending(keys.AsSpan(0, found), nodes.AsSpan(0, found));
        var selected = scratch.SelectedNodes;
        int selectedCount = SelectHeuristic<TDistance>(data, keys, nodes, found, _m, selected);
        int closest = selected[0];

        if (concurrent) Lock(ordinal);
        var own = LinkList(ordinal, level);
        selected.AsSpan(0, selectedCount).CopyTo(own[1..]);
        own[0] = selectedCount;
        if (concurrent) Unlock(ordinal);

        int maxLinks = level == 0 ? _m0 : _m;
        int dim = Dim;
        for (int s = 0; s < selectedCount; s++)
        {
            int neighbour = selected[s];
            if (concurrent) Lock(neighbour);
            var list = LinkList(neighbour, level);
            int size = list[0];
            if (size < maxLinks)
            {
                list[1 + size] = ordinal;
                list[0] = size + 1;
            }
            else
            {
                float* pn = data + (long)neighbour * dim;
                var shrinkKeys = scratch.ShrinkKeys;
                var shrinkNodes = scratch.ShrinkNodes;
                for (int i = 0; i < size; i++)
                {
                    int x = list[1 + i];
                    shrinkNodes[i] = x;
                    shrinkKeys[i] = TDistance.Distance(pn, data + (long)x * dim, dim);
                }
                shrinkNodes[size] = ordinal;
                shrinkKeys[size] = TDistance.Distance(pn, data + (long)ordinal * dim, dim);
                Array.Sort(shrinkKeys, shrinkNodes, 0, size + 1);
                int kept = SelectHeuristic<TDistance>(data, shrinkKeys, shrinkNodes, size + 1, maxLinks, scratch.Links);
                scratch.Links.AsSpan(0, kept).CopyTo(list[1..]);
                list[0] = kept;
            }
            if (concurrent) Unlock(neighbour);
        }
        return closest;
    }

    /// <summary>
    /// The neighbour selection heuristic (HNSW paper, Algorithm 4, as in hnswlib): walking candidates from
    /// closest, keep one only if it is closer to the base than to every neighbour kept so far.
    /// <paramref name="keys"/>/<paramref name="nodes"/> hold <paramref name="count"/> candidates in ascending distance.
    /// </summary>
    private int SelectHeuristic<TDistance>(float* data, float[] keys, int[] nodes, int count, int max, int[] selected)
        where TDistance : struct, IDistance
    {
        if (count <= max)
        {
            nodes.AsSpan(0, count).CopyTo(selected);
            return count;
        }
        int dim = Dim;
        int kept = 0;
        for (int i = 0; i < count && kept < max; i++)
        {
            int e = nodes[i];
            float* pe = data + (long)e * dim;
            float toBase = keys[i];
            bool good = true;
            for (int j = 0; j < kept; j++)
            {
                if (TDistance.Distance(pe, data + (long)selected[j] * dim, dim) < toBase)
                {
                    good = false;
                    break;
                }
            }
            if (good) selected[kept++] = e;
        }
        return kept;
    }
}
