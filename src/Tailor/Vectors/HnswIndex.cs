using System.Runtime.CompilerServices;

namespace Tailor.Vectors;

/// <summary>
/// Approximate nearest-neighbour search with a Hierarchical Navigable Small World graph (Malkov &amp;
/// Yashunin): levels drawn with mL = 1/ln M, neighbours chosen by the paper's heuristic (Algorithm 4),
/// 2·M links on layer 0. Supports inserts, deletes (tombstones, compacted past a threshold), filtered
/// search, parallel builds and a checksummed file format. Searches may run concurrently with each
/// other; <see cref="Add"/>, <see cref="AddRange"/>, <see cref="Delete"/> and <see cref="Compact"/> need
/// exclusive access.
/// </summary>
public sealed unsafe partial class HnswIndex : IVectorIndex
{
    private const int MaxLevels = 48;
    private readonly HnswOptions _options;
    private readonly int _m;
    private readonly int _m0;
    private readonly double _levelMultiplier;
    private VectorRows _rows;
    private int[] _level0;
    private int[]?[] _upper;
    private byte[] _levels;
    private ulong[] _deleted;
    private int _deletedCount;
    private long _upperBytes;
    private int _entry = -1;
    private int _maxLevel = -1;
    private ulong _rngState;
    private int[]? _locks;
    private readonly object _entryLock = new();

    /// <summary>Creates an empty index of <paramref name="dim"/>-dimensional vectors.</summary>
    public HnswIndex(int dim, VectorMetric metric = VectorMetric.Cosine, HnswOptions? options = null, int capacity = 0)
    {
        _options = (options ?? new HnswOptions()).Validate();
        _m = _options.M;
        _m0 = 2 * _options.M;
        _levelMultiplier = 1.0 / Math.Log(_m);
        _rngState = (ulong)_options.Seed;
        _rows = new VectorRows(dim, metric, capacity);
        _level0 = new int[checked(Math.Max(capacity, 0) * (_m0 + 1))];
        _upper = new int[]?[Math.Max(capacity, 0)];
        _levels = new byte[Math.Max(capacity, 0)];
        _deleted = new ulong[(Math.Max(capacity, 0) + 63) / 64];
    }

    public int Dim => _rows.Dim;

    public VectorMetric Metric => _rows.Metric;

    public HnswOptions Options => _options;

    /// <summary>Number of live (not deleted) vectors.</summary>
    public int Count => _rows.Count - _deletedCount;

    /// <summary>Number of graph nodes, including deleted ones awaiting compaction.</summary>
    public int NodeCount => _rows.Count;

    /// <summary>Number of deleted nodes still in the graph.</summary>
    public int DeletedCount => _deletedCount;

    /// <summary>Default candidate list size for <see cref="Search(ReadOnlySpan{float}, int, int, Func{long, bool}?)"/> when ef is 0.</summary>
    public int DefaultEf { get; set; } = 64;

    /// <summary>Bytes held by vectors, ids, id map and graph links.</summary>
    public long MemoryBytes => _rows.MemoryBytes + (long)_level0.Length * 4 + _upperBytes + (long)_upper.Length * 8
        + _levels.Length + (long)_deleted.Length * 8 + (_locks?.Length ?? 0) * 4L;

    public bool Contains(long id) => _rows.TryGetOrdinal(id, out _);

    /// <summary>The ids of the live (not deleted) vectors, in node order.</summary>
    public IEnumerable<long> Ids()
    {
        for (int o = 0; o < _rows.Count; o++)
            if (!IsDeleted(o)) yield return _rows.Ids[o];
    }

    VectorHit[] IVectorIndex.Search(ReadOnlySpan<float> query, int k, Func<long, bool>? filter) => Search(query, k, 0, filter);

    /// <summary>Adds <paramref name="id"/> (replacing an existing vector with that id).</summary>
    public void Add(long id, ReadOnlySpan<float> vector)
    {
        EnsureCapacity(_rows.Count + 1);
        int ordinal = Place(id, vector);
        Insert(ordinal, concurrent: false);
        CompactIfNeeded();
    }

    /// <summary>
    /// Adds <paramref name="ids"/>.Length rows from the row-major <paramref name="vectors"/>. With
    /// <paramref name="threads"/> = 1 the graph is identical for identical input and seed; with more
    /// threads, insertion runs in parallel under per-node locks (same quality, order-dependent graph).
    /// </summary>
    public void AddRange(ReadOnlySpan<long> ids, ReadOnlySpan<float> vectors, int threads = 1)
    {
        if ((long)ids.Length * Dim != vectors.Length) throw new TailorException($"Got {ids.Length} ids but {vectors.Length} floats; expected {ids.Length} x {Dim}.");
        EnsureCapacity(_rows.Count + ids.Length);
        if (threads <= 1 || ids.Length < 2 * 1024)
        {
            for (int i = 0; i < ids.Length; i++) Insert(Place(ids[i], vectors.Slice(i * Dim, Dim)), concurrent: false);
            CompactIfNeeded();
            return;
        }
        int first = _rows.Count;
        for (int i = 0; i < ids.Length; i++) Place(ids[i], vectors.Slice(i * Dim, Dim));
        int end = _rows.Count;
        // Seed the graph single-threaded so every worker starts from a navigable structure.
        int seeded = Math.Min(end, first + 1024);
        for (int o = first; o < seeded; o++) Insert(o, concurrent: false);
        _locks = new int[_rows.Capacity];
        try
        {
            int next = seeded - 1;
            var workers = new Thread[threads];
            Exception? failure = null;
            for (int t = 0; t < threads; t++)
            {
                workers[t] = new Thread(() =>
                {
                    try
                    {
                        int o;
                        while ((o = Interlocked.Increment(ref next)) < end) Insert(o, concurrent: true);
                    }
                    catch (Exception ex)
                    {
                        Interlocked.CompareExchange(ref failure, ex, null);
                    }
                }, 16 << 20) { IsBackground = true, Name = "hnsw-build" };
                workers[t].Start();
            }
            foreach (var w in workers) w.Join();
            if (failure is not null) throw new TailorException("Parallel HNSW build failed: " + failure.Message, failure);
        }
        finally
        {
            _locks = null;
        }
        CompactIfNeeded();
    }

    /// <summary>Deletes <paramref name="id"/>: it is never returned again, but its node keeps guiding
    /// searches until the graph is compacted. Returns false when the id is unknown.</summary>
    public bool Delete(long id)
    {
        if (!_rows.TryGetOrdinal(id, out int ordinal)) return false;
        Tombstone(ordinal);
        CompactIfNeeded();
        return true;
    }

    private void CompactIfNeeded()
    {
        if (_deletedCount > _options.CompactionThreshold * _rows.Count && _rows.Count >= 64) Compact();
    }

    /// <summary>Rebuilds the graph from the live vectors only (single-threaded, seeded: reproducible).</summary>
    public void Compact()
    {
        if (_deletedCount == 0) return;
        var fresh = new HnswIndex(Dim, Metric, _options, Count) { DefaultEf = DefaultEf };
        for (int o = 0; o < _rows.Count; o++)
        {
            if (!IsDeleted(o)) fresh.Add(_rows.Ids[o], _rows.Row(o));
        }
        _rows = fresh._rows;
        _level0 = fresh._level0;
        _upper = fresh._upper;
        _levels = fresh._levels;
        _deleted = fresh._deleted;
        _deletedCount = 0;
        _upperBytes = fresh._upperBytes;
        _entry = fresh._entry;
        _maxLevel = fresh._maxLevel;
        _rngState = fresh._rngState;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool IsDeleted(int node) => (_deleted[node >> 6] & (1UL << node)) != 0;

    private void Tombstone(int ordinal)
    {
        _rows.Unmap(_rows.Ids[ordinal]);
        _deleted[ordinal >> 6] |= 1UL << ordinal;
        _deletedCount++;
    }

    /// <summary>Stores the vector in a new row (tombstoning an older row with the same id) and draws its level.</summary>
    private int Place(long id, ReadOnlySpan<float> vector)
    {
        bool replaced = _rows.TryGetOrdinal(id, out int old);
        int ordinal = _rows.Append(id, vector);
        if (replaced)
        {
            _deleted[old >> 6] |= 1UL << old;
            _deletedCount++;
        }
        int level = DrawLevel();
        _levels[ordinal] = (byte)level;
        if (level > 0)
        {
            var upper = new int[level * (_m + 1)];
            _upper[ordinal] = upper;
            _upperBytes += 24 + upper.Length * 4L;
        }
        return ordinal;
    }

    private int DrawLevel()
    {
        // SplitMix64: tiny state that is saved with the index, so a reloaded index keeps drawing the same sequence.
        ulong z = _rngState += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        double u = ((z >> 11) + 1) * (1.0 / (1UL << 53));
        return (int)Math.Min(MaxLevels, -Math.Log(u) * _levelMultiplier);
    }

    private void EnsureCapacity(int capacity)
    {
        if (capacity <= _upper.Length)
        {
            _rows.EnsureCapacity(capacity);
            return;
        }
        _rows.EnsureCapacity(capacity);
        int grown = _rows.Capacity;
        Array.Resize(ref _level0, checked(grown * (_m0 + 1)));
        Array.Resize(ref _upper, grown);
        Array.Resize(ref _levels, grown);
        Array.Resize(ref _deleted, (grown + 63) / 64);
    }

    /// <summary>The link list of <paramref name="node"/> on <paramref name="level"/>: [count, links...].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<int> LinkList(int node, int level) => level == 0
        ? _level0.AsSpan(node * (_m0 + 1), _m0 + 1)
        : _upper[node].AsSpan((level - 1) * (_m + 1), _m + 1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Lock(int node)
    {
        var locks = _locks;
        if (locks is null) return;
        if (Interlocked.CompareExchange(ref locks[node], 1, 0) == 0) return;
        var spin = new SpinWait();
        while (Interlocked.CompareExchange(ref locks[node], 1, 0) != 0) spin.SpinOnce(-1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Unlock(int node)
    {
        var locks = _locks;
        if (locks is not null) Volatile.Write(ref locks[node], 0);
    }
}
