using Tailor.Embedding;
using Tailor.Storage;
using Tailor.Vectors;

namespace Tailor.Indexes;

/// <summary>
/// Hands out the current <see cref="SearchSnapshot"/> and replaces it when the store has moved (as
/// Lucene's SearcherManager does): each search compares the store's version (one small read) with the
/// snapshot's, and a newer version (another process's writes) loads a new snapshot (the lexical snapshot
/// file of that generation, else a rebuild from the rows read with their generation) and swaps it in
/// atomically; searches already running keep the one they took. A store that is told of moves (<see cref="IVersionWatch"/>)
/// spares the read while nothing moved. While this process writes it keeps its
/// snapshot current itself (<see cref="BeginWrite"/>).
/// </summary>
internal sealed class SnapshotManager
{
    private readonly IKnowledgeStore _store;
    private readonly LexicalStore _lexical;
    private readonly object _refreshGate = new();
    private Func<bool, (IEmbedder Model, IVectorIndex Index)?> _openVectors;
    private volatile SearchSnapshot? _current;
    private int _writers;

    /// <param name="openVectors">Opens the embedder and vector index of the stored vectors (argument: the caller holds the writer lease).</param>
    public SnapshotManager(IKnowledgeStore store, LexicalStore lexical, Func<bool, (IEmbedder Model, IVectorIndex Index)?> openVectors)
    {
        _store = store;
        _lexical = lexical;
        _openVectors = openVectors;
    }

    /// <summary>Replaces how vectors are opened (after a switch of embedder); the next snapshot uses it.</summary>
    public void SetVectorOpener(Func<bool, (IEmbedder Model, IVectorIndex Index)?> openVectors) => _openVectors = openVectors;

    /// <summary>The snapshot to search: the current one, or a new one when the store has moved since it was made.</summary>
    public SearchSnapshot Acquire()
    {
        var current = _current;
        if (current != null && Volatile.Read(ref _writers) > 0) return current; // this process's writer keeps it current
        var version = _store is IVersionWatch { KnownVersion: { } known } ? known : _store.Version(); // told of moves, or one small read
        if (current != null && current.Version == version) return current;
        lock (_refreshGate)
        {
            current = _current;
            if (current != null && (current.Version == version || Volatile.Read(ref _writers) > 0)) return current;
            return _current = Load(current, holdsWriter: false);
        }
    }

    /// <summary>
    /// Takes the writer lease and brings the snapshot up to the store's version under it, so the writer
    /// starts from every committed write; the scope's <see cref="WriteScope.Publish"/> records what it committed.
    /// </summary>
    public WriteScope BeginWrite(TimeSpan wait)
    {
        var lease = _store.AcquireWriter(wait);
        try
        {
            Interlocked.Increment(ref _writers);
            SearchSnapshot snapshot;
            lock (_refreshGate)
            {
                var version = _store.Version();
                snapshot = _current is { } current && current.Version == version ? current : (_current = Load(_current, holdsWriter: true));
            }
            return new WriteScope(this, lease, snapshot);
        }
        catch
        {
            Interlocked.Decrement(ref _writers);
            lease.Dispose();
            throw;
        }
    }

    private SearchSnapshot Load(SearchSnapshot? previous, bool holdsWriter)
    {
        var version = _store.Version();
        var opener = _openVectors;
        if (previous != null && previous.Version.Generation == version.Generation)
            return new SearchSnapshot(previous.Lexical, previous.Lock, version, () => opener(false)); // only embeddings moved
        var (index, generation) = _lexical.Load();
        if (_lexical.RebuildReason != null)
        {
            if (holdsWriter) _lexical.Save(index, generation);
            else if (_store.TryAcquireWriter() is { } lease)
                using (lease) _lexical.Save(index, generation);
        }
        return new SearchSnapshot(index, new ReaderWriterLockSlim(), version with { Generation = generation }, () => opener(false));
    }

    /// <summary>One writer's hold on the knowledge base: the lease and the snapshot it keeps current.</summary>
    internal sealed class WriteScope(SnapshotManager owner, IDisposable lease, SearchSnapshot snapshot) : IDisposable
    {
        private bool _disposed;

        public SearchSnapshot Snapshot => snapshot;

        /// <summary>
        /// Saves the lexical index under the generation the writes made (read under the lease, so no other
        /// writer's generation) and publishes it with freshly opened vectors.
        /// </summary>
        public void Publish(bool saveLexical = true)
        {
            var version = owner._store.Version();
            if (saveLexical)
            {
                snapshot.Lock.EnterReadLock();
                try { owner._lexical.Save(snapshot.Lexical, version.Generation); }
                finally { snapshot.Lock.ExitReadLock(); }
            }
            snapshot.Publish(version, owner._openVectors(true));
        }

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            Interlocked.Decrement(ref owner._writers);
            lease.Dispose();
        }
    }
}
