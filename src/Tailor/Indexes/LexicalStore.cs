using Tailor.Lexical;
using Tailor.Storage;

namespace Tailor.Indexes;

/// <summary>
/// Keeps the lexical index in step with the store. The index is derived data: a snapshot file
/// named after the store generation it reflects (<c>lexical-42.idx</c>). On open, a snapshot of
/// the current generation is loaded; anything else (missing, stale after a crash, damaged) is
/// rebuilt from the chunks in the store, read in one transaction together with the generation they
/// are, so an index is only ever saved under the generation its content reflects.
/// </summary>
public sealed class LexicalStore
{
    private const string Prefix = "lexical-";
    private const string Suffix = ".idx";

    private readonly string _directory;
    private readonly IKnowledgeStore _store;
    private readonly LexicalOptions _options;
    private readonly Func<string, string, string, List<string>> _analyzeChunk;

    /// <param name="analyzeChunk">(document title, section, text) → terms; must match what ingestion indexes.</param>
    public LexicalStore(string directory, IKnowledgeStore store, LexicalOptions options, Func<string, string, string, List<string>> analyzeChunk)
    {
        _directory = directory;
        _store = store;
        _options = options;
        _analyzeChunk = analyzeChunk;
    }

    /// <summary>Why the last <see cref="Load"/> rebuilt instead of loading a snapshot; null when it loaded one.</summary>
    public string? RebuildReason { get; private set; }

    /// <summary>The index of the store's current generation, and that generation.</summary>
    public (LexicalIndex Index, long Generation) Load()
    {
        var generation = _store.Version().Generation;
        var path = SnapshotPath(generation);
        if (File.Exists(path))
        {
            try
            {
                RebuildReason = null;
                return (LexicalIndex.Load(path, _options), generation);
            }
            catch (TailorException ex)
            {
                RebuildReason = ex.Message;
            }
            catch (IOException ex) when (!File.Exists(path))
            {
                RebuildReason = ex.Message; // replaced by a newer snapshot meanwhile
            }
        }
        else
        {
            RebuildReason = Snapshots().Any() ? "the lexical index snapshot is older than the database" : "no lexical index snapshot";
        }
        return Rebuild();
    }

    /// <summary>The terms a chunk row is indexed under.</summary>
    public List<string> Analyze(ChunkRow row) => _analyzeChunk(row.Title, row.Section, row.Text);

    /// <summary>Builds a fresh index from every chunk in the store; returns it with the generation those chunks are.</summary>
    public (LexicalIndex Index, long Generation) Rebuild()
    {
        var index = new LexicalIndex(_options);
        long generation = _store.ScanChunks(row => index.Add(row.Id, _analyzeChunk(row.Title, row.Section, row.Text)));
        return (index, generation);
    }

    /// <summary>
    /// Saves the snapshot of <paramref name="generation"/> (the generation <paramref name="index"/> reflects, which the
    /// caller knows: it read it with the rows, or holds the writer lease since) and removes older ones.
    /// </summary>
    public void Save(LexicalIndex index, long generation)
    {
        var path = SnapshotPath(generation);
        index.Save(path);
        foreach (var old in Snapshots())
            if (GenerationOf(old) is { } g && g < generation)
                try { File.Delete(old); } catch (IOException) { }
    }

    public string SnapshotPath(long generation) => Path.Combine(_directory, $"{Prefix}{generation}{Suffix}");

    public IEnumerable<string> Snapshots() =>
        Directory.EnumerateFiles(_directory, Prefix + "*" + Suffix);

    private static long? GenerationOf(string path)
    {
        var name = Path.GetFileName(path);
        return long.TryParse(name.AsSpan(Prefix.Length, name.Length - Prefix.Length - Suffix.Length), out var g) ? g : null;
    }
}
