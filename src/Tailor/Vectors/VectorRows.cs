using System.Runtime.CompilerServices;

namespace Tailor.Vectors;

/// <summary>
/// Vectors in one contiguous row-major float array plus the caller ids of each row (dense ordinals
/// ↔ arbitrary long ids). Validates dimensions and finiteness and normalizes for cosine on the way in.
/// </summary>
internal sealed class VectorRows
{
    private readonly Dictionary<long, int> _ordinals;

    public VectorRows(int dim, VectorMetric metric, int capacity)
    {
        if (dim <= 0) throw new TailorException($"Vector dimension must be positive (got {dim}).");
        if (!Enum.IsDefined(metric)) throw new TailorException($"Unknown vector metric {(int)metric}; use cosine, dot or l2.");
        Dim = dim;
        Metric = metric;
        capacity = Math.Max(capacity, 0);
        Data = GC.AllocateUninitializedArray<float>(checked(capacity * dim));
        Ids = new long[capacity];
        _ordinals = new Dictionary<long, int>(capacity);
    }

    public int Dim { get; }

    public VectorMetric Metric { get; }

    public float[] Data;

    public long[] Ids;

    public int Count;

    public int Capacity => Ids.Length;

    public long MemoryBytes => (long)Data.Length * sizeof(float) + (long)Ids.Length * sizeof(long) + (long)_ordinals.Count * 28;

    public void EnsureCapacity(int capacity)
    {
        if (capacity <= Ids.Length) return;
        int grown = (int)Math.Min(Math.Max(capacity, Math.Max(16L, Ids.Length * 2L)), Array.MaxLength / Math.Max(Dim, 1));
        if (grown < capacity) throw new TailorException($"A vector index cannot hold {capacity} rows of dimension {Dim} in one array; split the collection.");
        var data = GC.AllocateUninitializedArray<float>(checked(grown * Dim));
        Data.AsSpan(0, Count * Dim).CopyTo(data);
        Data = data;
        Array.Resize(ref Ids, grown);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<float> Row(int ordinal) => Data.AsSpan(ordinal * Dim, Dim);

    public bool TryGetOrdinal(long id, out int ordinal) => _ordinals.TryGetValue(id, out ordinal);

    /// <summary>Copies <paramref name="vector"/> into row <paramref name="ordinal"/> (validated, normalized for cosine)
    /// and points <paramref name="id"/> at it.</summary>
    public void Set(int ordinal, long id, ReadOnlySpan<float> vector)
    {
        CopyChecked(vector, Row(ordinal), id);
        Ids[ordinal] = id;
        _ordinals[id] = ordinal;
    }

    /// <summary>Appends a row; returns its ordinal.</summary>
    public int Append(long id, ReadOnlySpan<float> vector)
    {
        EnsureCapacity(Count + 1);
        int ordinal = Count;
        Set(ordinal, id, vector);
        Count++;
        return ordinal;
    }

    public void Unmap(long id) => _ordinals.Remove(id);

    /// <summary>Moves row <paramref name="from"/> into row <paramref name="to"/> (used by swap-remove).</summary>
    public void Move(int from, int to)
    {
        Row(from).CopyTo(Row(to));
        long id = Ids[from];
        Ids[to] = id;
        _ordinals[id] = to;
    }

    /// <summary>Rebuilds the id map after bulk loading <see cref="Ids"/>; the last row with an id wins.</summary>
    public void RebuildMap(Func<int, bool>? isLive = null)
    {
        _ordinals.Clear();
        _ordinals.EnsureCapacity(Count);
        for (int i = 0; i < Count; i++)
        {
            if (isLive is null || isLive(i)) _ordinals[Ids[i]] = i;
        }
    }

    /// <summary>Validates a query and returns it ready to compare (normalized into <paramref name="buffer"/> for cosine).</summary>
    public ReadOnlySpan<float> PrepareQuery(ReadOnlySpan<float> query, Span<float> buffer)
    {
        if (query.Length != Dim) throw new TailorException($"Query vector has {query.Length} dimensions but the index holds {Dim}; embed the query with the index's model.");
        if (Metric != VectorMetric.Cosine) return query;
        var q = buffer[..Dim];
        query.CopyTo(q);
        VectorMath.Normalize(q);
        return q;
    }

    private void CopyChecked(ReadOnlySpan<float> vector, Span<float> target, long id)
    {
        if (vector.Length != Dim) throw new TailorException($"Vector for id {id} has {vector.Length} dimensions but the index holds {Dim}; embed it with the index's model.");
        for (int i = 0; i < vector.Length; i++)
        {
            if (!float.IsFinite(vector[i])) throw new TailorException($"Vector for id {id} has a non-finite value at position {i}; check the embedder's output.");
        }
        vector.CopyTo(target);
        if (Metric == VectorMetric.Cosine) VectorMath.Normalize(target);
    }
}
