namespace Tailor.Vectors;

/// <summary>
/// Exact nearest-neighbour search: one SIMD scan over all vectors, kept in one contiguous array.
/// Searches may run concurrently with each other; <see cref="Add"/> and <see cref="Remove"/> need
/// exclusive access.
/// </summary>
public sealed unsafe class FlatIndex : IVectorIndex
{
    private const string Magic = "TLVFLAT1";
    private const int FormatVersion = 1;
    private const int BlockRows = 1024;
    private readonly VectorRows _rows;

    /// <summary>Creates an empty index of <paramref name="dim"/>-dimensional vectors.</summary>
    public FlatIndex(int dim, VectorMetric metric = VectorMetric.Cosine, int capacity = 0) => _rows = new VectorRows(dim, metric, capacity);

    public int Dim => _rows.Dim;

    public VectorMetric Metric => _rows.Metric;

    /// <summary>Number of vectors held.</summary>
    public int Count => _rows.Count;

    /// <summary>Bytes held by the vectors, ids and id map.</summary>
    public long MemoryBytes => _rows.MemoryBytes;

    internal VectorRows Rows => _rows;

    /// <summary>Adds or replaces the vector of <paramref name="id"/>.</summary>
    public void Add(long id, ReadOnlySpan<float> vector)
    {
        if (_rows.TryGetOrdinal(id, out int existing)) _rows.Set(existing, id, vector);
        else _rows.Append(id, vector);
    }

    /// <summary>Adds <paramref name="ids"/>.Length rows from the row-major <paramref name="vectors"/>.</summary>
    public void AddRange(ReadOnlySpan<long> ids, ReadOnlySpan<float> vectors)
    {
        if ((long)ids.Length * Dim != vectors.Length) throw new TailorException($"Got {ids.Length} ids but {vectors.Length} floats; expected {ids.Length} x {Dim}.");
        _rows.EnsureCapacity(_rows.Count + ids.Length);
        for (int i = 0; i < ids.Length; i++) Add(ids[i], vectors.Slice(i * Dim, Dim));
    }

    /// <summary>Removes <paramref name="id"/>; returns false when it was not present.</summary>
    public bool Remove(long id)
    {
        if (!_rows.TryGetOrdinal(id, out int ordinal)) return false;
        _rows.Unmap(id);
        int last = _rows.Count - 1;
        if (ordinal != last) _rows.Move(last, ordinal);
        _rows.Count--;
        return true;
    }

    public bool Contains(long id) => _rows.TryGetOrdinal(id, out _);

    /// <summary>The exact top <paramref name="k"/> for <paramref name="query"/>, best first, among ids accepted by <paramref name="filter"/>.</summary>
    public VectorHit[] Search(ReadOnlySpan<float> query, int k, Func<long, bool>? filter = null)
    {
        if (k <= 0) return [];
        var hits = new VectorHit[Math.Min(k, Count)];
        int n = Search(query, hits, filter);
        return n == hits.Length ? hits : hits[..n];
    }

    /// <summary>Writes the exact top <c>destination.Length</c> hits, best first; returns how many were written.</summary>
    public int Search(ReadOnlySpan<float> query, Span<VectorHit> destination, Func<long, bool>? filter = null)
    {
        var scratch = SearchScratch.Rent();
        try
        {
            scratch.EnsureQuery(Dim);
            var q = _rows.PrepareQuery(query, scratch.Query);
            var heap = scratch.Results;
            heap.Clear();
            if (destination.Length == 0) return 0;
            fixed (float* pq = q)
            fixed (float* data = _rows.Data)
            {
                if (Metric == VectorMetric.L2) Scan<SquaredEuclidean>(pq, data, 0, _rows.Count, destination.Length, heap, filter);
                else Scan<NegativeDot>(pq, data, 0, _rows.Count, destination.Length, heap, filter);
            }
            return Drain(heap, destination, scratch);
        }
        finally
        {
            scratch.Return();
        }
    }

    /// <summary>Exact top <paramref name="k"/> for each of the row-major <paramref name="queries"/>, on up to
    /// <paramref name="threads"/> threads; rows are scanned in cache-sized blocks shared by all of a thread's queries.</summary>
    public VectorHit[][] SearchBatch(ReadOnlySpan<float> queries, int k, int threads = 1)
    {
        if (queries.Length % Dim != 0) throw new TailorException($"Query batch holds {queries.Length} floats, not a multiple of the dimension {Dim}.");
        int n = queries.Length / Dim;
        var prepared = new float[queries.Length];
        for (int i = 0; i < n; i++) _rows.PrepareQuery(queries.Slice(i * Dim, Dim), prepared.AsSpan(i * Dim, Dim)).CopyTo(prepared.AsSpan(i * Dim, Dim));
        var results = new VectorHit[n][];
        if (n == 0 || k <= 0)
        {
            for (int i = 0; i < n; i++) results[i] = [];
            return results;
        }
        threads = Math.Clamp(threads, 1, Math.Max(1, n));
        int per = (n + threads - 1) / threads;
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            int from = t * per, to = Math.Min(n, from + per);
            if (from < to) SearchSlice(prepared, from, to, k, results);
        });
        return results;
    }

    private void SearchSlice(float[] queries, int from, int to, int k, VectorHit[][] results)
    {
        var heaps = new DistanceHeap[to - from];
        for (int i = 0; i < heaps.Length; i++) heaps[i] = new DistanceHeap(k + 1);
        fixed (float* pq = queries)
        fixed (float* data = _rows.Data)
        {
            for (int start = 0; start < _rows.Count; start += BlockRows)
            {
                int end = Math.Min(_rows.Count, start + BlockRows);
                for (int i = from; i < to; i++)
                {
                    if (Metric == VectorMetric.L2) Scan<SquaredEuclidean>(pq + (long)i * Dim, data, start, end, k, heaps[i - from], null);
                    else Scan<NegativeDot>(pq + (long)i * Dim, data, start, end, k, heaps[i - from], null);
                }
            }
        }
        var scratch = SearchScratch.Rent();
        try
        {
            for (int i = from; i < to; i++)
            {
                var hits = new VectorHit[Math.Min(k, heaps[i - from].Count)];
                Drain(heaps[i - from], hits, scratch);
                results[i] = hits;
            }
        }
        finally
        {
            scratch.Return();
        }
    }

    private void Scan<TDistance>(float* q, float* data, int start, int end, int k, DistanceHeap heap, Func<long, bool>? filter)
        where TDistance : struct, IDistance
    {
        int dim = Dim;
        var ids = _rows.Ids;
        float* row = data + (long)start * dim;
        for (int i = start; i < end; i++, row += dim)
        {
            float d = TDistance.Distance(q, row, dim);
            if (heap.Count < k)
            {
                if (filter is null || filter(ids[i])) heap.Push(d, i);
            }
            else if (d < heap.TopKey && (filter is null || filter(ids[i])))
            {
                heap.ReplaceTop(d, i);
            }
        }
    }

    private int Drain(DistanceHeap heap, Span<VectorHit> destination, SearchScratch scratch)
    {
        int n = heap.Count;
        scratch.EnsureDrain(n);
        heap.DrainAscending(scratch.Keys.AsSpan(0, n), scratch.Nodes.AsSpan(0, n));
        n = Math.Min(n, destination.Length);
        for (int i = 0; i < n; i++) destination[i] = new VectorHit(_rows.Ids[scratch.Nodes[i]], -scratch.Keys[i]);
        return n;
    }

    /// <summary>Writes the index to <paramref name="path"/> atomically (magic, format version, CRC-32C).</summary>
    public void Save(string path) => IndexFile.Write(path, Magic, FormatVersion, w =>
    {
        w.Write(Dim);
        w.Write((int)Metric);
        w.Write(Count);
        w.WriteSpan<long>(_rows.Ids.AsSpan(0, Count));
        w.WriteSpan<float>(_rows.Data.AsSpan(0, Count * Dim));
    });

    /// <summary>Reads an index written by <see cref="Save"/>; throws <see cref="TailorException"/> naming the file when it is damaged.</summary>
    public static FlatIndex Load(string path)
    {
        const string What = "flat vector index";
        using var r = IndexFile.Open(path, Magic, FormatVersion, What);
        r.Require(12, "header");
        int dim = r.Read<int>();
        var metric = (VectorMetric)r.Read<int>();
        int count = r.Read<int>();
        if (dim <= 0 || count < 0 || !Enum.IsDefined(metric)) throw r.Damaged("invalid header");
        r.Require((long)count * 8 + (long)count * dim * 4, "rows");
        var index = new FlatIndex(dim, metric, count);
        var rows = index._rows;
        r.ReadInto<long>(rows.Ids.AsSpan(0, count));
        r.ReadInto<float>(rows.Data.AsSpan(0, count * dim));
        r.Finish();
        rows.Count = count;
        rows.RebuildMap();
        return index;
    }
}
