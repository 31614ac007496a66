using System.Runtime.InteropServices;

namespace Tailor.Lexical;

/// <summary>
/// An in-memory BM25 inverted index over analyzed chunks. Adding a chunk appends its distinct
/// terms and frequencies to a compact forward index (varints in one array); the postings (chunk
/// ordinals and frequencies in flat arrays) are built from it by <see cref="Prepare"/>, which the
/// first search after writes calls, so indexing makes no garbage per term. Queries with long posting
/// lists run document-at-a-time with MaxScore pruning, short ones term-at-a-time. Removed chunks are
/// tombstoned and compacted away when they pass a quarter of the index, and on save. Scoring:
/// <c>idf · tf·(K1+1) / (tf + K1·(1 − B + B·len/avgLen))</c> with
/// <c>idf = ln(1 + (N − df + 0.5)/(df + 0.5))</c>, summed over query terms, each counted by its
/// frequency in the query. Searches may run concurrently with each other; Add and Remove must not
/// run concurrently with anything.
/// </summary>
public sealed class LexicalIndex
{
    private readonly Dictionary<string, int> _termIds = new();
    private readonly Dictionary<long, int> _ordinals = new();
    private readonly object _prepareLock = new();
    private readonly TermAtATimeSearch _termAtATime = new();

    private string[] _terms = new string[256];
    private int[] _df = new int[256];
    private (int SeenIn, int Tf)[] _scratch = new (int, int)[256]; // per term, for counting frequencies in Add
    private int _termCount;

    private long[] _chunkIds = new long[256];
    private int[] _docLen = new int[256];
    private int[] _fwdStart = new int[257];
    private byte[] _fwd = new byte[4096];
    private int _ordCount;
    private int _live;
    private long _totalLength;
    private int _dead;

    private float[] _norms = [];
    private PostingsSegment[] _segments = []; // consecutive ordinal ranges, each at least twice the size of the next
    private volatile bool _prepared;
    private readonly List<int> _uniqueScratch = new();

    /// <summary>Creates an empty index.</summary>
    public LexicalIndex(LexicalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
    }

    /// <summary>The options (BM25 parameters and the analyzer the terms came from).</summary>
    public LexicalOptions Options { get; }

    /// <summary>Live chunks.</summary>
    public int Count => _live;

    /// <summary>Distinct terms (including terms whose chunks were all removed, until compaction).</summary>
    public int TermCount => _termCount;

    /// <summary>Approximate memory held by the index's arrays, in bytes.</summary>
    public long MemoryBytes
    {
        get
        {
            long bytes = (long)_fwd.Length + _chunkIds.Length * 8L + _docLen.Length * 4L + _fwdStart.Length * 4L + _norms.Length * 4L;
            bytes += _terms.Length * 4L * 4;
            foreach (var segment in _segments) bytes += segment.Bytes;
            for (int t = 0; t < _termCount; t++) bytes += 24 + _terms[t].Length * 2L; // the term strings
            bytes += _termIds.Count * 24L + _ordinals.Count * 24L; // dictionary entries
            return bytes;
        }
    }

    /// <summary>Whether the chunk is in the index.</summary>
    public bool Contains(long chunkId) => _ordinals.ContainsKey(chunkId);

    /// <summary>Adds (or replaces) a chunk given its analyzed terms in order; chunk ids are positive.</summary>
    public void Add(long chunkId, IReadOnlyList<string> terms)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkId);
        ArgumentNullException.ThrowIfNull(terms);
        if (_ordinals.ContainsKey(chunkId)) Remove(chunkId);

        int ord = _ordCount;
        var unique = _uniqueScratch;
        unique.Clear();
        for (int i = 0; i < terms.Count; i++)
        {
            int id = GetOrAddTerm(terms[i]);
            ref var scratch = ref _scratch[id];
            if (scratch.SeenIn != ord + 1)
            {
                scratch = (ord + 1, 1);
                unique.Add(id);
            }
            else
            {
                scratch.Tf++;
            }
        }

        EnsureDocCapacity(ord + 1);
        EnsureForwardCapacity(unique.Count * 2 * Varint.MaxBytes);
        int pos = _fwdStart[ord];
        foreach (int id in CollectionsMarshal.AsSpan(unique))
        {
            int tf = _scratch[id].Tf;
            Varint.Write(_fwd, ref pos, (uint)id);
            Varint.Write(_fwd, ref pos, (uint)tf);
            _df[id]++;
        }
        CommitDocument(chunkId, ord, terms.Count, pos);
    }

    /// <summary>Removes a chunk; false when it was not in the index.</summary>
    public bool Remove(long chunkId)
    {
        if (!_ordinals.Remove(chunkId, out int ord)) return false;
        int pos = _fwdStart[ord], end = _fwdStart[ord + 1];
        while (pos < end)
        {
            int id = (int)Varint.ReadUInt32(_fwd, ref pos);
            Varint.ReadUInt32(_fwd, ref pos);
            _df[id]--;
        }
        _live--;
        _totalLength -= _docLen[ord];
        _docLen[ord] = -1;
        _chunkIds[ord] = 0;
        _dead++;
        _prepared = false;
        if (_dead >= 1024 && _dead * 4L > _ordCount) Compact();
        return true;
    }

    /// <summary>The best <paramref name="k"/> chunks for the analyzed query terms, best first (ties by lower chunk id).</summary>
    public IReadOnlyList<LexicalHit> Search(IReadOnlyList<string> queryTerms, int k) => Search(queryTerms, k, null);

    /// <summary>
    /// Like <see cref="Search(IReadOnlyList{string}, int)"/>, keeping only chunks that pass
    /// <paramref name="filter"/> (called for candidates only, never concurrently for one search).
    /// </summary>
    public IReadOnlyList<LexicalHit> Search(IReadOnlyList<string> queryTerms, int k, Predicate<long>? filter)
    {
        ArgumentNullException.ThrowIfNull(queryTerms);
        var (ids, weights) = WeighQuery(queryTerms);
        return SearchWeighted(ids, weights, k, filter);
    }

    /// <summary>
    /// Searches with RM3 pseudo-relevance feedback: a first search's top chunks contribute their
    /// strongest terms (by length-normalized frequency, weighted by the chunk's score, skipping terms
    /// in more than a tenth of all chunks), which are mixed with the original query and searched again.
    /// </summary>
    public IReadOnlyList<LexicalHit> SearchWithFeedback(IReadOnlyList<string> queryTerms, int k, FeedbackOptions? feedback = null, Predicate<long>? filter = null)
    {
        ArgumentNullException.ThrowIfNull(queryTerms);
        feedback ??= new FeedbackOptions();
        feedback.Validate();
        var (ids, weights) = WeighQuery(queryTerms);
        if (ids.Length == 0 || k <= 0) return [];
        var first = SearchWeighted(ids, weights, feedback.Documents, filter);
        if (first.Count == 0) return first;
        var (expandedIds, expandedWeights) = RelevanceModel.Expand(this, ids, weights, first, feedback);
        return SearchWeighted(expandedIds, expandedWeights, k, filter);
    }

    /// <summary>
    /// An order-independent 64-bit digest of the set of (chunk id, term, term frequency) of the live
    /// chunks: equal for two indexes holding the same chunks with the same terms, however built.
    /// </summary>
    public ulong Fingerprint()
    {
        var termHashes = new ulong[_termCount];
        for (int t = 0; t < _termCount; t++)
        {
            ulong h = 14695981039346656037UL;
            foreach (char c in _terms[t]) h = (h ^ c) * 1099511628211UL;
            termHashes[t] = BlockChecksum.Mix(h);
        }
        ulong sum = 0;
        for (int ord = 0; ord < _ordCount; ord++)
        {
            if (_docLen[ord] < 0) continue;
            ulong chunk = BlockChecksum.Mix((ulong)_chunkIds[ord] * 0x9E3779B97F4A7C15UL);
            int pos = _fwdStart[ord], end = _fwdStart[ord + 1];
            while (pos < end)
            {
                uint id = Varint.ReadUInt32(_fwd, ref pos);
                uint tf = Varint.ReadUInt32(_fwd, ref pos);
                sum += BlockChecksum.Mix(chunk ^ (termHashes[id] + tf * 0xC2B2AE3D27D4EB4FUL));
            }
        }
        return BlockChecksum.Mix(sum ^ (ulong)_live);
    }

    /// <summary>Writes the index atomically (temporary file, flush to disk, rename), compacted, with a format version and checksum.</summary>
    public void Save(string path) => LexicalIndexFile.Save(this, path);

    /// <summary>Reads an index written by <see cref="Save"/>; throws <see cref="TailorException"/> naming the file when it is damaged or of another version.</summary>
    public static LexicalIndex Load(string path, LexicalOptions options) => LexicalIndexFile.Load(path, options);

    /// <summary>Drops removed chunks and unused terms from memory, renumbering ordinals.</summary>
    public void Compact()
    {
        if (_dead == 0) return;
        var fresh = new LexicalIndex(Options);
        LexicalIndexFile.CopyLive(this, fresh);
        _terms = fresh._terms; _segments = [];
        _df = fresh._df; _scratch = fresh._scratch; _termCount = fresh._termCount;
        _chunkIds = fresh._chunkIds; _docLen = fresh._docLen; _fwdStart = fresh._fwdStart; _fwd = fresh._fwd;
        _ordCount = fresh._ordCount; _live = fresh._live; _totalLength = fresh._totalLength; _dead = 0;
        _termIds.Clear();
        foreach (var pair in fresh._termIds) _termIds.Add(pair.Key, pair.Value);
        _ordinals.Clear();
        foreach (var pair in fresh._ordinals) _ordinals.Add(pair.Key, pair.Value);
        _prepared = false;
        _termAtATime.ClearPool();
    }

    // ---- internals shared with persistence and feedback ----

    internal int OrdinalCount => _ordCount;

    internal string TermAt(int id) => _terms[id];

    internal int DocumentFrequency(int id) => _df[id];

    internal bool IsLive(int ord) => _docLen[ord] >= 0;

    internal long ChunkIdAt(int ord) => _chunkIds[ord];

    internal int LengthAt(int ord) => _docLen[ord];

    internal int OrdinalOf(long chunkId) => _ordinals.TryGetValue(chunkId, out int ord) ? ord : -1;

    /// <summary>The forward entries of a chunk: alternating varint term ids and frequencies in <c>Forward[start..end]</c>.</summary>
    internal (byte[] Forward, int Start, int End) ForwardRange(int ord) => (_fwd, _fwdStart[ord], _fwdStart[ord + 1]);

    internal void ReserveDocuments(int documents, int forwardBytes)
    {
        EnsureDocCapacity(documents);
        if (_fwd.Length < forwardBytes) Array.Resize(ref _fwd, forwardBytes);
    }

    internal int GetOrAddTerm(string term)
    {
        ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_termIds, term, out bool exists);
        if (exists) return slot;
        int id = _termCount++;
        slot = id;
        if (id == _terms.Length)
        {
            int size = id * 2;
            Array.Resize(ref _terms, size);
            Array.Resize(ref _df, size);
            Array.Resize(ref _scratch, size);
        }
        _terms[id] = term;
        return id;
    }

    /// <summary>
    /// Appends a chunk given its encoded forward entries (varint term id, varint frequency; distinct
    /// terms). Returns false, changing nothing visible, when the entries are malformed or the chunk
    /// id is already present.
    /// </summary>
    internal bool AppendEncoded(long chunkId, ReadOnlySpan<byte> entries)
    {
        if (chunkId <= 0 || _ordinals.ContainsKey(chunkId)) return false;
        long length = 0;
        for (int pos = 0; pos < entries.Length;)
        {
            if (!Varint.TryRead(entries, ref pos, out ulong id) || !Varint.TryRead(entries, ref pos, out ulong tf)) return false;
            if (id >= (ulong)_termCount || tf == 0 || tf > int.MaxValue) return false;
            length += (long)tf;
        }
        int ord = _ordCount;
        EnsureDocCapacity(ord + 1);
        EnsureForwardCapacity(entries.Length);
        int start = _fwdStart[ord];
        entries.CopyTo(_fwd.AsSpan(start));
        for (int pos = start, end = start + entries.Length; pos < end;)
        {
            _df[Varint.ReadUInt32(_fwd, ref pos)]++;
            Varint.SkipOne(_fwd, ref pos);
        }
        CommitDocument(chunkId, ord, (int)Math.Min(length, int.MaxValue), start + entries.Length);
        return true;
    }

    private void CommitDocument(long chunkId, int ord, int length, int forwardEnd)
    {
        _chunkIds[ord] = chunkId;
        _docLen[ord] = length;
        _fwdStart[ord + 1] = forwardEnd;
        _ordinals.Add(chunkId, ord);
        _ordCount = ord + 1;
        _live++;
        _totalLength += length;
        _prepared = false;
    }

    private void EnsureDocCapacity(int documents)
    {
        if (documents <= _chunkIds.Length) return;
        int size = Math.Max(documents, _chunkIds.Length * 2);
        Array.Resize(ref _chunkIds, size);
        Array.Resize(ref _docLen, size);
        Array.Resize(ref _fwdStart, size + 1);
    }

    private void EnsureForwardCapacity(int extra)
    {
        long needed = (long)_fwdStart[_ordCount] + extra;
        if (needed <= _fwd.Length) return;
        if (needed > Array.MaxLength) throw new TailorException("The lexical index is full (its forward index passed 2 GB): split the knowledge base into collections.");
        Array.Resize(ref _fwd, (int)Math.Min(Array.MaxLength, Math.Max(needed, (long)_fwd.Length * 2)));
    }

    private (int[] Ids, float[] Weights) WeighQuery(IReadOnlyList<string> queryTerms)
    {
        var ids = new List<int>(queryTerms.Count);
        var weights = new List<float>(queryTerms.Count);
        for (int i = 0; i < queryTerms.Count; i++)
        {
            if (!_termIds.TryGetValue(queryTerms[i], out int id) || _df[id] == 0) continue;
            int at = ids.IndexOf(id);
            if (at >= 0) weights[at] += 1;
            else { ids.Add(id); weights.Add(1); }
        }
        return (ids.ToArray(), weights.ToArray());
    }

    internal float Idf(int id)
    {
        double n = _live, df = _df[id];
        return (float)Math.Log(1 + (n - df + 0.5) / (df + 0.5));
    }

    /// <summary>
    /// Queries whose posting lists hold at least this many entries run document-at-a-time with
    /// MaxScore pruning; smaller ones run term-at-a-time. Both give identical results (tests force either).
    /// </summary>
    internal long MaxScoreMinPostings { get; set; } = 16_384;

    /// <summary>
    /// Longer queries (such as feedback-expanded ones, whose many similar weights defeat pruning)
    /// run term-at-a-time: at 1M chunks and k = 100 that measured a similar median and half the p99.
    /// </summary>
    internal int MaxScoreMaxTerms { get; set; } = 10;

    /// <summary>BM25 over the given term ids and query weights: term-at-a-time into a pooled accumulator, or MaxScore for long lists; then top-k.</summary>
    internal IReadOnlyList<LexicalHit> SearchWeighted(int[] ids, float[] weights, int k, Predicate<long>? filter)
    {
        if (k <= 0 || ids.Length == 0 || _live == 0) return [];
        Prepare();
        float[] norms = _norms;
        var segments = _segments;
        float k1 = (float)Options.K1;
        var termWeights = new float[ids.Length];
        long postings = 0;
        for (int q = 0; q < ids.Length; q++)
        {
            termWeights[q] = weights[q] * Idf(ids[q]) * (k1 + 1);
            foreach (var segment in segments) postings += segment.Count(ids[q]);
        }
        if (postings >= MaxScoreMinPostings && ids.Length <= MaxScoreMaxTerms)
        {
            var top = new TopKHeap(Math.Min(k, _live));
            MaxScoreSearch.Run(this, segments, ids, termWeights, norms, top, filter);
            return top.ToSortedHits();
        }

        var heap = new TopKHeap(Math.Min(k, _live));
        _termAtATime.Run(this, segments, ids, termWeights, norms, _ordCount, postings, heap, filter);
        return heap.ToSortedHits();
    }

    internal void Offer(TopKHeap heap, float score, int ord, Predicate<long>? filter)
    {
        if (heap.IsFull && score < heap.MinScore) return;
        long chunkId = _chunkIds[ord];
        if (chunkId == 0 || !heap.Accepts(score, chunkId)) return;
        if (filter != null && !filter(chunkId)) return;
        heap.Add(score, chunkId);
    }

    /// <summary>
    /// Brings postings and length norms up to date after writes (also done by the first search);
    /// call it after loading or bulk adding to keep that cost off the first query.
    /// </summary>
    public void Prepare()
    {
        if (_prepared) return;
        lock (_prepareLock)
        {
            if (_prepared) return;
            int covered = _segments.Length > 0 ? _segments[^1].To : 0;
            if (covered < _ordCount)
            {
                // New chunks get their own segment, merged with the newest ones while those are not
                // more than twice its size: segments stay few (logarithmic) and each chunk's postings
                // are rebuilt only a logarithmic number of times, however adds and searches interleave.
                var segments = new List<PostingsSegment>(_segments);
                int from = covered;
                while (segments.Count > 0 && segments[^1].To - segments[^1].From <= 2L * (_ordCount - from))
                {
                    from = segments[^1].From;
                    segments.RemoveAt(segments.Count - 1);
                }
                if (from == 0)
                {
                    int used = _fwdStart[_ordCount];
                    if (_fwd.Length > used + (used >> 2) + 4096) Array.Resize(ref _fwd, used + (used >> 3) + 4096);
                }
                segments.Add(PostingsSegment.Build(this, from, _ordCount));
                _segments = segments.ToArray();
            }

            var norms = _norms.Length >= _ordCount ? _norms : new float[Math.Max(_ordCount, _chunkIds.Length)];
            double k1 = Options.K1, b = Options.B;
            double avg = _live > 0 ? (double)_totalLength / _live : 1;
            if (avg <= 0) avg = 1;
            for (int d = 0; d < _ordCount; d++)
            {
                int len = _docLen[d];
                norms[d] = len < 0 ? float.PositiveInfinity : (float)(k1 * (1 - b + b * len / avg));
            }
            _norms = norms;
            _prepared = true;
        }
    }
}
