using Tailor.Lexical;
using Tailor.Storage;

namespace Tailor.Indexes;

/// <summary>
/// Keeps the lexical index in step with the store. The index is derived data: a snapshot file
/// named after the store generation it reflects (<c>lexical-42.idx</c>). On open, a snapshot of
/// the current generation is loaded; anything else (missing, stale after a crash, damaged) is
/// rebuilt from the chunks in SQLite.
/// </summary>
public sealed class LexicalStore
{
    private const string Prefix = "lexical-";
    private const string Suffix = ".idx";

    private readonly string _directory;
    private readonly SqliteStore _store;
    private readonly LexicalOptions _options;
    private readonly Func<string, string, string, List<string>> _analyzeChunk;

    /// <param name="analyzeChunk">(document title, section, text) → terms; must match what ingestion indexes.</param>
    public LexicalStore(string directory, SqliteStore store, LexicalOptions options, Func<string, string, string, List<string>> analyzeChunk)
    {
        _directory = directory;
        _store = store;
        _options = options;
        _analyzeChunk = analyzeChunk;
    }

    /// <summary>Why the last <see cref="Load"/> rebuilt instead of loading a snapshot; null when it loaded one.</summary>
    public string? RebuildReason { get; private set; }

    public LexicalIndex Load()
    {
        var generation = _store.Generation();
        var path = SnapshotPath(generation);
        if (File.Exists(path))
        {
            try
            {
                RebuildReason = null;
                return LexicalIndex.Load(path, _options);
            }
            catch (TailorException ex)
            {
                RebuildReason = ex.Message;
            }
        }
        else
        {
            RebuildReason = Snapshots().Any() ? "the lexical index snapshot is older than the database" : "no lexical index snapshot";
        }
        return Rebuild();
    }

    /// <summary>Builds a fresh index from every chunk in the store.</summary>
    public LexicalIndex Rebuild()
    {
        var index = new LexicalIndex(_options);
        foreach (var (id, title, section, text) in _store.ScanChunksForIndex()) index.Add(id, _analyzeChunk(title, section, text));
        return index;
    }

    /// <summary>Saves the snapshot for the store's current generation and removes older ones.</summary>
    public void Save(LexicalIndex index)
    {
        var generation = _store.Generation();
        var path = SnapshotPath(generation);
        index.Save(path);
        foreach (var old in Snapshots())
            if (!string.Equals(old, path, StringComparison.Ordinal))
                try { File.Delete(old); } catch (IOException) { }
    }

    public string SnapshotPath(long generation) => Path.Combine(_directory, $"{Prefix}{generation}{Suffix}");

    public IEnumerable<string> Snapshots() =>
        Directory.EnumerateFiles(_directory, Prefix + "*" + Suffix);
}
