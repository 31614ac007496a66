using Tailor.Embedding;
using Tailor.Lexical;
using Tailor.Storage;
using Tailor.Vectors;

namespace Tailor.Indexes;

/// <summary>
/// What one search reads: the lexical index, the embedder with its vector index (loaded on first use)
/// and the store version they reflect. A snapshot made for another process's writes is never changed:
/// the next one replaces it (<see cref="SnapshotManager"/>). Only this process's writer, holding the
/// writer lease, updates the lexical index in place, under <see cref="Lock"/>, as its batches commit,
/// so its own documents are searchable as soon as they are reported.
/// </summary>
internal sealed class SearchSnapshot
{
    private readonly object _gate = new();
    private readonly Func<(IEmbedder Model, IVectorIndex Index)?> _openVectors;
    private (IEmbedder Model, IVectorIndex Index)? _vectors;
    private bool _vectorsLoaded;

    public SearchSnapshot(LexicalIndex lexical, ReaderWriterLockSlim indexLock, StoreVersion version, Func<(IEmbedder Model, IVectorIndex Index)?> openVectors)
    {
        Lexical = lexical;
        Lock = indexLock;
        Version = version;
        _openVectors = openVectors;
    }

    public LexicalIndex Lexical { get; }

    /// <summary>Readers of <see cref="Lexical"/> hold it for reading; this process's writer for writing.</summary>
    public ReaderWriterLockSlim Lock { get; }

    /// <summary>The store version the indexes reflect.</summary>
    public StoreVersion Version { get; private set; }

    /// <summary>The embedder and vector index; null until the corpus has embeddings.</summary>
    public (IEmbedder Model, IVectorIndex Index)? Vectors
    {
        get
        {
            lock (_gate)
            {
                if (!_vectorsLoaded)
                {
                    _vectors = _openVectors();
                    _vectorsLoaded = true;
                }
                return _vectors;
            }
        }
    }

    /// <summary>The writer's update once its writes are committed: the version they made and the vectors of it.</summary>
    public void Publish(StoreVersion version, (IEmbedder Model, IVectorIndex Index)? vectors)
    {
        lock (_gate)
        {
            Version = version;
            _vectors = vectors;
            _vectorsLoaded = true;
        }
    }
}
