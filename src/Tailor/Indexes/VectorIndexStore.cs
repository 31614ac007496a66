using Tailor.Embedding;
using Tailor.Retrieval;
using Tailor.Storage;
using Tailor.Vectors;

namespace Tailor.Indexes;

/// <summary>
/// The vector index of a knowledge base's chunk embeddings, derived from SQLite. Below
/// <see cref="RetrievalOptions.HnswThreshold"/> embedded chunks it is an exact <see cref="FlatIndex"/>
/// built in memory; from there on an <see cref="HnswIndex"/> kept in a file beside the database named
/// after what it reflects: <c>vectors-GENERATION-COUNT-MODEL.hnsw</c> (store generation, embedding
/// count, hash of the model id; the file itself carries a format version and a CRC-32C). A file that
/// is missing, stale or damaged is rebuilt: from an older file of the same model by inserting and
/// deleting the difference, else from scratch, on <see cref="RetrievalOptions.HnswBuildThreads"/> threads (with one,
/// the same input gives the same graph).
/// </summary>
public sealed class VectorIndexStore
{
    private const string Prefix = "vectors-";
    private const string Suffix = ".hnsw";

    private readonly string _directory;
    private readonly IEmbeddingStore _store;
    private readonly RetrievalOptions _options;

    private readonly Func<long> _generation;
    private readonly IWriterLease _lease;

    public VectorIndexStore(string directory, IKnowledgeStore store, RetrievalOptions options)
    {
        _generation = () => store.Version().Generation;
        _lease = store;
        _directory = directory;
        _store = store;
        _options = options;
    }

    /// <summary>Why the last <see cref="Open"/> built an HNSW graph instead of loading its file; null when it loaded one (or used the flat index).</summary>
    public string? RebuildReason { get; private set; }

    /// <summary>
    /// The index to search the embeddings of <paramref name="modelId"/> (of <paramref name="dimensions"/>, the stored
    /// vectors' length: <see cref="EmbeddingSync.StoredDimensions"/>) with;
    /// null when there are none. A rebuilt HNSW file is saved when <paramref name="holdsWriterLock"/> or when
    /// the writer lock is free (a reader never blocks on, or races with, a writer).
    /// </summary>
    public IVectorIndex? Open(string modelId, int dimensions, bool holdsWriterLock = false)
    {
        RebuildReason = null;
        long count = _store.CountEmbeddings(modelId);
        if (count == 0) return null;
        if (count < _options.HnswThreshold)
        {
            var flat = new FlatIndex(dimensions, VectorMetric.Cosine, (int)count);
            foreach (var (id, vector) in _store.ScanEmbeddings(modelId)) flat.Add(id, vector);
            if (holdsWriterLock) DeleteFiles(except: null); // shrunk below the threshold: an HNSW file would only go stale
            return flat;
        }
        var path = FilePath(_generation(), count, modelId);
        if (File.Exists(path))
        {
            try
            {
                var loaded = Load(path, dimensions, count);
                loaded.DefaultEf = _options.HnswEf;
                return loaded;
            }
            catch (TailorException ex)
            {
                RebuildReason = ex.Message;
            }
        }
        else RebuildReason = "no vector index file for the current embeddings";
        var index = Build(modelId, dimensions, path);
        if (holdsWriterLock) Save(index, path);
        else if (_lease.TryAcquireWriter() is { } writerLock)
            using (writerLock) Save(index, path);
        index.DefaultEf = _options.HnswEf;
        return index;
    }

    /// <summary>
    /// Verifies the HNSW file of the current embeddings (what <c>tailor check</c> runs): readable,
    /// checksum intact, and holding exactly the embedded chunk ids. Returns the problems; with
    /// <paramref name="repair"/> (caller holds the writer lock) a bad or missing file is rebuilt and its
    /// problem reported in <paramref name="repaired"/> instead.
    /// </summary>
    public List<string> Check(string modelId, int dimensions, bool repair, List<string> repaired)
    {
        var problems = new List<string>();
        long count = _store.CountEmbeddings(modelId);
        if (count == 0 || count < _options.HnswThreshold) return problems;
        var path = FilePath(_generation(), count, modelId);
        string? problem = null;
        if (!File.Exists(path)) problem = null; // not built yet: derived data, made by the next search or ingest
        else
        {
            try
            {
                var loaded = Load(path, dimensions, count);
                var stored = new HashSet<long>();
                foreach (var (id, _) in _store.ScanEmbeddings(modelId)) stored.Add(id);
                int mismatched = 0;
                foreach (var id in loaded.Ids()) if (!stored.Remove(id)) mismatched++;
                if (mismatched > 0 || stored.Count > 0)
                    problem = $"{path}: the vector index does not match the database ({mismatched} id(s) not embedded, {stored.Count} embedded chunk(s) missing); run `tailor check --repair` to rebuild it.";
            }
            catch (TailorException ex)
            {
                problem = ex.Message + " `tailor check --repair` rebuilds it (a search also does).";
            }
        }
        bool rebuild = problem != null || !File.Exists(path);
        if (repair && rebuild)
        {
            Save(Build(modelId, dimensions, path), path);
            repaired.Add(problem is null ? "built the HNSW vector index file" : "rebuilt the HNSW vector index from the database");
        }
        else if (problem != null) problems.Add(problem);
        return problems;
    }

    /// <summary>The file the current embeddings' HNSW index lives in (whether or not it exists yet).</summary>
    public string FilePath(long generation, long count, string modelId) =>
        Path.Combine(_directory, $"{Prefix}{generation}-{count}-{ModelTag(modelId)}{Suffix}");

    public IEnumerable<string> Files() => Directory.EnumerateFiles(_directory, Prefix + "*" + Suffix);

    private static string ModelTag(string modelId) => ((ulong)Checksums.Fnv1a64(modelId)).ToString("x16");

    private static HnswIndex Load(string path, int dimensions, long count)
    {
        var index = HnswIndex.Load(path);
        if (index.Dim != dimensions || index.Count != count)
            throw new TailorException($"{path}: the vector index holds {index.Count} vectors of {index.Dim} dimensions but the database has {count} of {dimensions}; it will be rebuilt (or run `tailor check --repair`).");
        return index;
    }

    /// <summary>Builds the graph: from the newest readable older file of the same model plus the difference, else from scratch.</summary>
    private HnswIndex Build(string modelId, int dimensions, string target)
    {
        var tag = "-" + ModelTag(modelId) + Suffix;
        foreach (var older in Files().Where(f => f != target && f.EndsWith(tag, StringComparison.Ordinal)).OrderByDescending(File.GetLastWriteTimeUtc))
        {
            HnswIndex previous;
            try
            {
                previous = HnswIndex.Load(older);
            }
            catch (TailorException)
            {
                continue; // a damaged older file is simply not reused
            }
            if (previous.Dim != dimensions) continue;
            var live = new HashSet<long>(previous.Ids());
            var added = new Rows(dimensions, 1024);
            foreach (var (id, vector) in _store.ScanEmbeddings(modelId))
                if (!live.Remove(id)) added.Add(id, vector);
            foreach (var gone in live) previous.Delete(gone);
            AddRows(previous, added);
            return previous;
        }
        var all = new Rows(dimensions, _store.CountEmbeddings(modelId));
        foreach (var (id, vector) in _store.ScanEmbeddings(modelId)) all.Add(id, vector);
        var index = new HnswIndex(dimensions, VectorMetric.Cosine, new HnswOptions(), all.Ids.Count);
        AddRows(index, all);
        return index;
    }

    private void AddRows(HnswIndex index, Rows rows)
    {
        if (rows.Ids.Count == 0) return;
        index.AddRange(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(rows.Ids),
            System.Runtime.InteropServices.CollectionsMarshal.AsSpan(rows.Data), _options.HnswBuildThreads == 0 ? Environment.ProcessorCount : _options.HnswBuildThreads);
    }

    /// <summary>Ids and their vectors, row-major, gathered for one <see cref="HnswIndex.AddRange"/>.</summary>
    private sealed class Rows(int dimensions, long expected)
    {
        public List<long> Ids { get; } = new((int)Math.Min(expected, Array.MaxLength));
        public List<float> Data { get; } = new((int)Math.Min(Array.MaxLength, expected * dimensions));

        public void Add(long id, float[] vector)
        {
            Ids.Add(id);
            Data.AddRange(vector);
        }
    }

    /// <summary>Saves <paramref name="index"/> to <paramref name="path"/> atomically and removes the other vector index files.</summary>
    private void Save(HnswIndex index, string path)
    {
        index.Save(path);
        DeleteFiles(except: path);
    }

    private void DeleteFiles(string? except)
    {
        foreach (var old in Files())
            if (!string.Equals(old, except, StringComparison.Ordinal))
                try { File.Delete(old); } catch (IOException) { }
    }
}
