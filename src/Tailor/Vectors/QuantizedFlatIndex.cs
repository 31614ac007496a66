namespace Tailor.Vectors;

/// <summary>
/// Flat search over int8 codes (<see cref="Int8Quantizer"/>, a quarter of the memory traffic of floats),
/// then full-precision rescoring of the best k·<see cref="RescoreFactor"/> candidates. The quantizer is
/// trained on the vectors present at the first search (or by <see cref="Train"/>); later vectors reuse it.
/// Searches may run concurrently with each other once trained; writes need exclusive access.
/// </summary>
public sealed unsafe class QuantizedFlatIndex
{
    private readonly VectorRows _rows;
    private byte[] _codes = [];
    private float[] _norms = [];
    private Int8Quantizer? _quantizer;

    /// <summary>Creates an empty index; <paramref name="rescoreFactor"/> is how many candidates per wanted hit are rescored exactly.</summary>
    public QuantizedFlatIndex(int dim, VectorMetric metric = VectorMetric.Cosine, int rescoreFactor = 4, int capacity = 0)
    {
        if (rescoreFactor < 1) throw new TailorException($"Rescore factor must be at least 1 (got {rescoreFactor}).");
        _rows = new VectorRows(dim, metric, capacity);
        RescoreFactor = rescoreFactor;
    }

    public int Dim => _rows.Dim;

    public VectorMetric Metric => _rows.Metric;

    public int Count => _rows.Count;

    public int RescoreFactor { get; set; }

    /// <summary>Bytes held by full vectors, codes, norms and ids.</summary>
    public long MemoryBytes => _rows.MemoryBytes + _codes.Length + _norms.Length * 4L;

    /// <summary>Adds or replaces the vector of <paramref name="id"/>.</summary>
    public void Add(long id, ReadOnlySpan<float> vector)
    {
        int ordinal;
        if (_rows.TryGetOrdinal(id, out ordinal)) _rows.Set(ordinal, id, vector);
        else ordinal = _rows.Append(id, vector);
        if (_quantizer is not null) EncodeRow(ordinal);
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
        if (ordinal != last)
        {
            _rows.Move(last, ordinal);
            if (_quantizer is not null)
            {
                int size = _quantizer.CodeSize;
                _codes.AsSpan(last * size, size).CopyTo(_codes.AsSpan(ordinal * size, size));
                _norms[ordinal] = _norms[last];
            }
        }
        _rows.Count--;
        return true;
    }

    /// <summary>(Re)learns the quantization ranges from the current vectors and re-encodes them all.</summary>
    public void Train()
    {
        _quantizer = Int8Quantizer.Train(_rows.Data.AsSpan(0, _rows.Count * Dim), Dim);
        _codes = [];
        _norms = [];
        for (int o = 0; o < _rows.Count; o++) EncodeRow(o);
    }

    private void EncodeRow(int ordinal)
    {
        var quantizer = _quantizer!;
        int size = quantizer.CodeSize;
        if (_codes.Length < (ordinal + 1) * size)
        {
            int rows = Math.Max(_rows.Capacity, ordinal + 1);
            Array.Resize(ref _codes, rows * size);
            Array.Resize(ref _norms, rows);
        }
        var row = _rows.Row(ordinal);
        quantizer.Encode(row, _codes.AsSpan(ordinal * size, size));
        _norms[ordinal] = VectorMath.Dot(row, row);
    }

    /// <summary>The top <paramref name="k"/>, best first, with exact scores.</summary>
    public VectorHit[] Search(ReadOnlySpan<float> query, int k, Func<long, bool>? filter = null)
    {
        if (k <= 0) return [];
        var hits = new VectorHit[Math.Min(k, Count)];
        int n = Search(query, hits, filter);
        return n == hits.Length ? hits : hits[..n];
    }

    /// <summary>Writes up to <c>destination.Length</c> hits, best first, with exact scores; returns how many.</summary>
    public int Search(ReadOnlySpan<float> query, Span<VectorHit> destination, Func<long, bool>? filter = null)
    {
        if (_quantizer is null && _rows.Count > 0)
        {
            lock (_rows)
            {
                if (_quantizer is null) Train();
            }
        }
        var scratch = SearchScratch.Rent();
        try
        {
            scratch.EnsureQuery(Dim);
            var q = _rows.PrepareQuery(query, scratch.Query);
            int k = destination.Length;
            if (k == 0 || _rows.Count == 0) return 0;
            var quantizer = _quantizer!;
            int size = quantizer.CodeSize;
            Span<sbyte> qcode = size <= 4096 ? stackalloc sbyte[size] : new sbyte[size];
            quantizer.PrepareQuery(q, qcode, out float factor, out _);
            int want = (int)Math.Min((long)k * RescoreFactor, _rows.Count);
            var heap = scratch.Candidates;
            heap.Clear();
            bool l2 = Metric == VectorMetric.L2;
            var ids = _rows.Ids;
            fixed (byte* codes = _codes)
            fixed (sbyte* pq = qcode)
            {
                byte* code = codes;
                for (int o = 0; o < _rows.Count; o++, code += size)
                {
                    int s = Int8Quantizer.DotCodes(code, pq, size);
                    float d = l2 ? _norms[o] - 2f * factor * s : -s;
                    if (heap.Count < want)
                    {
                        if (filter is null || filter(ids[o])) heap.Push(d, o);
                    }
                    else if (d < heap.TopKey && (filter is null || filter(ids[o])))
                    {
                        heap.ReplaceTop(d, o);
                    }
                }
            }
            // Rescore the candidates with full-precision vectors.
            int candidates = heap.Count;
            scratch.EnsureDrain(candidates);
            heap.DrainAscending(scratch.Keys.AsSpan(0, candidates), scratch.Nodes.AsSpan(0, candidates));
            var results = scratch.Results;
            results.Clear();
            for (int i = 0; i < candidates; i++)
            {
                int o = scratch.Nodes[i];
                float d = -VectorMath.Score(Metric, q, _rows.Row(o));
                if (results.Count < k) results.Push(d, o);
                else if (d < results.TopKey) results.ReplaceTop(d, o);
            }
            int n = results.Count;
            results.DrainAscending(scratch.Keys.AsSpan(0, n), scratch.Nodes.AsSpan(0, n));
            for (int i = 0; i < n; i++) destination[i] = new VectorHit(ids[scratch.Nodes[i]], -scratch.Keys[i]);
            return n;
        }
        finally
        {
            scratch.Return();
        }
    }
}
