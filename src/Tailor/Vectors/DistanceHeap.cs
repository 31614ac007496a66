using System.Runtime.CompilerServices;

namespace Tailor.Vectors;

/// <summary>
/// A binary max-heap of (key, node) pairs in one preallocated array, reused across searches.
/// Results use the distance as key (top = worst kept); candidate queues use the negated distance
/// (top = closest unexpanded).
/// </summary>
internal sealed class DistanceHeap
{
    private Entry[] _items;

    public DistanceHeap(int capacity) => _items = new Entry[Math.Max(capacity, 16)];

    public int Count { get; private set; }

    public float TopKey => _items[0].Key;

    public int TopNode => _items[0].Node;

    public void Clear() => Count = 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(float key, int node)
    {
        if (Count == _items.Length) Array.Resize(ref _items, _items.Length * 2);
        var items = _items;
        int i = Count++;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (items[parent].Key >= key) break;
            items[i] = items[parent];
            i = parent;
        }
        items[i] = new Entry(key, node);
    }

    /// <summary>Removes the top entry.</summary>
    public void Pop()
    {
        int last = --Count;
        if (last > 0) SiftDown(_items[last]);
    }

    /// <summary>Replaces the top entry (cheaper than Pop + Push).</summary>
    public void ReplaceTop(float key, int node) => SiftDown(new Entry(key, node));

    /// <summary>Pops every entry into <paramref name="keys"/>/<paramref name="nodes"/> so they end up in
    /// ascending key order (the top, the largest key, goes last). Leaves the heap empty.</summary>
    public void DrainAscending(Span<float> keys, Span<int> nodes)
    {
        for (int i = Count - 1; i >= 0; i--)
        {
            keys[i] = _items[0].Key;
            nodes[i] = _items[0].Node;
            Pop();
        }
    }

    private void SiftDown(Entry entry)
    {
        var items = _items;
        int count = Count;
        int i = 0;
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= count) break;
            if (child + 1 < count && items[child + 1].Key > items[child].Key) child++;
            if (items[child].Key <= entry.Key) break;
            items[i] = items[child];
            i = child;
        }
        items[i] = entry;
    }

    private readonly record struct Entry(float Key, int Node);
}
