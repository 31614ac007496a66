using Tailor.Embedding;
using Tailor.Indexes;
using Tailor.Lexical;
using Tailor.Storage;

namespace Tailor.Integrity;

/// <summary>Runs the checks behind <c>tailor check</c>.</summary>
internal sealed class IntegrityChecker
{
    private readonly string _directory;
    private readonly KnowledgeBaseOptions _options;
    private readonly IKnowledgeStore _store;
    private readonly LexicalStore _lexical;
    private readonly EmbeddingSync _embeddings;
    private readonly VectorIndexStore _vectors;

    public IntegrityChecker(string directory, KnowledgeBaseOptions options, IKnowledgeStore store, LexicalStore lexical, EmbeddingSync embeddings, VectorIndexStore vectors)
    {
        _vectors = vectors;
        _embeddings = embeddings;
        _directory = directory;
        _options = options;
        _store = store;
        _lexical = lexical;
    }

    public IntegrityReport Run(bool repair)
    {
        var problems = new List<string>();
        var repaired = new List<string>();
        problems.AddRange(_store.CheckRows());

        int badChecksums = 0;
        var rebuilt = new LexicalIndex(_options.Lexical);
        // one read: the rows checked, the index rebuilt from them and their generation agree
        var generation = _store.ScanChunks(row =>
        {
            rebuilt.Add(row.Id, _lexical.Analyze(row));
            if (Checksums.Fnv1a64(row.Text) == row.Checksum) return;
            if (++badChecksums <= 10) problems.Add($"chunk {row.Id}: text does not match its checksum (the database was modified outside Tailor or is damaged)");
        });
        if (badChecksums > 10) problems.Add($"... {badChecksums - 10} more chunks with checksum mismatches");

        var snapshot = _lexical.SnapshotPath(generation);
        bool current = File.Exists(snapshot);
        bool needsSave = !current;
        if (current)
        {
            try
            {
                var loaded = LexicalIndex.Load(snapshot, _options.Lexical);
                if (loaded.Fingerprint() != rebuilt.Fingerprint() || loaded.Count != rebuilt.Count)
                {
                    problems.Add($"{snapshot}: the lexical index does not match the database ({loaded.Count} chunks indexed, {rebuilt.Count} stored); run `tailor check --repair` to rebuild it.");
                    needsSave = true;
                }
            }
            catch (TailorException ex)
            {
                problems.Add(ex.Message);
                needsSave = true;
            }
        }
        foreach (var stray in Directory.EnumerateFiles(_directory, "*.tmp-*"))
        {
            if (repair) { File.Delete(stray); repaired.Add($"removed leftover temporary file {Path.GetFileName(stray)}"); }
        }
        if (repair && needsSave && _store.TryAcquireWriter() is { } writerLock)
        {
            using (writerLock) _lexical.Save(rebuilt, generation);
            repaired.Add("rebuilt the lexical index from the database");
            // a repaired index is no longer a problem
            problems.RemoveAll(p => p.Contains("lexical index", StringComparison.Ordinal) || p.Contains(Path.GetFileName(snapshot), StringComparison.Ordinal));
            current = true;
        }
        // Embeddings are derived too, but a chunk without one is invisible to vector search (and hybrid search
        // falls back to lexical without them): a problem, which --repair fixes by embedding the missing chunks.
        long embedded = 0;
        long expected = 0;
        if (!_embeddings.Recorded.IsBuiltin)
        {
            // a server embedder: --repair embeds the missing vectors when the server is configured
            var modelId = _embeddings.Recorded.VectorModelId!;
            embedded = _store.CountEmbeddings(modelId);
            if (repair && _embeddings.Mismatch() is null && _store.TryAcquireWriter() is { } serverLock)
            {
                using (serverLock)
                {
                    var (_, _, added) = _embeddings.Update();
                    if (added > 0) repaired.Add($"embedded {added} chunk(s) that had no embedding");
                }
                embedded = _store.CountEmbeddings(modelId);
            }
            expected = _store.Counts().Chunks;
            int dims = _embeddings.Recorded.Dimensions ?? _store.ScanEmbeddings(modelId).Select(e => e.Vector.Length).FirstOrDefault();
            if (embedded > 0 && dims > 0) CheckVectorIndex(modelId, dims, repair, problems, repaired);
        }
        else try
        {
            var model = _embeddings.LoadBuiltin();
            long chunkCount = _store.Counts().Chunks;
            // below the minimum there is too little text to train on: no embeddings is the expected state
            expected = chunkCount >= EmbeddingSync.MinimumChunks ? chunkCount : 0;
            if (model != null) embedded = _store.CountEmbeddings(model.ModelId);
            if (repair && embedded < expected && _store.TryAcquireWriter() is { } embedLock)
            {
                using (embedLock)
                {
                    var (_, retrained, added) = _embeddings.Update();
                    if (added > 0) repaired.Add(retrained ? $"trained the built-in embedder and embedded {added} chunk(s)" : $"embedded {added} chunk(s) that had no embedding");
                }
                model = _embeddings.LoadBuiltin();
                embedded = model is null ? 0 : _store.CountEmbeddings(model.ModelId);
            }
            if (model != null) CheckVectorIndex(model.ModelId, model.Dimensions, repair, problems, repaired);
        }
        catch (TailorException ex)
        {
            problems.Add(ex.Message + " Run `tailor check --repair` to retrain the built-in embedder.");
            if (repair) { _embeddings.Retrain(); repaired.Add("retrained the built-in embedder"); problems.RemoveAt(problems.Count - 1); }
        }
        long missing = Math.Max(0, expected - embedded);
        if (missing > 0)
            problems.Add($"{missing} of {expected} chunks have no embedding (was an ingest interrupted while embedding?): vector search cannot find them and hybrid search is lexical only; run `tailor check --repair` or the ingest again to embed them.");
        var (documents, chunks) = _store.Counts();
        return new IntegrityReport(problems.Count == 0, _options.FormatVersion, documents, chunks, generation, current, embedded, problems, repaired) { MissingEmbeddings = missing };
    }

    /// <summary>The HNSW file (large corpora only): checksum, format and ids against the database; rebuilt with --repair.</summary>
    private void CheckVectorIndex(string modelId, int dimensions, bool repair, List<string> problems, List<string> repaired)
    {
        if (_store is IVectorSearch { SearchesVectors: true }) return; // the store's own index: nothing derived in the folder
        if (repair && _store.TryAcquireWriter() is { } writerLock)
        {
            using (writerLock) problems.AddRange(_vectors.Check(modelId, dimensions, repair: true, repaired));
            return;
        }
        problems.AddRange(_vectors.Check(modelId, dimensions, repair: false, repaired));
    }
}
