using System.Text;
using System.Text.Json;
using Tailor.Embedding;

namespace Tailor.Storage;

/// <summary>
/// Switches a knowledge base to another embedder: every chunk is embedded with the new one (through
/// the embedding cache, so switching back to a model used before costs nothing), then the new vectors
/// and the record of their model replace the old ones in one transaction. The caller updates the
/// manifest afterwards; a crash in between leaves the old embedder in effect, its vectors pending
/// (re-embedded on the next ingest or <c>tailor check --repair</c>), and the knowledge base consistent.
/// </summary>
internal sealed class Reembedder(SqliteStore store, Func<string, List<string>> analyze, LsaOptions options, string directory)
{
    private const int Slice = 512;

    /// <summary>
    /// Embeds everything with <paramref name="target"/> (null: the built-in embedder), reduced by PCA to
    /// <paramref name="reduce"/> dimensions when given, and commits the switch.
    /// </summary>
    public async Task<(EmbedderInfo Info, int Chunks, long CacheHits, long Sent)> RunAsync(IEmbedder? target, IProgress<EmbeddingProgress>? progress, CancellationToken ct, int? reduce = null)
    {
        if (target is null or LsaEmbedder)
        {
            if (reduce is not null)
                throw new TailorException("--reduce applies to server models; the built-in embedder is already a reduction (set embedding.dimensions in tailor.json before the first ingest instead).");
            var (_, count) = store.Counts();
            if (count < EmbeddingSync.MinimumChunks) return (EmbedderInfo.Builtin, 0, 0, 0); // trained by the first ingest that has enough text
            var (model, vectors) = EmbeddingSync.TrainBuiltin(store, analyze, options);
            using var buffer = new MemoryStream();
            model.Save(buffer);
            store.WriteEmbeddings(model.ModelId, vectors, (EmbeddingSync.ModelName, buffer.ToArray()));
            progress?.Report(new EmbeddingProgress(vectors.Count, vectors.Count, 0));
            return (EmbedderInfo.Builtin, vectors.Count, 0, 0);
        }
        var sync = new EmbeddingSync(store, analyze, options, EmbedderInfo.For(target), target, directory);
        var cached = sync.Cache!;
        var rows = store.ScanChunksForIndex().ToList();
        var ids = new long[rows.Count];
        var all = new float[rows.Count][];
        for (int start = 0; start < rows.Count; start += Slice)
        {
            var slice = rows.GetRange(start, Math.Min(Slice, rows.Count - start));
            var vectors = await sync.EmbedRowsAsync(cached, slice, ct).ConfigureAwait(false);
            for (int i = 0; i < slice.Count; i++) (ids[start + i], all[start + i]) = (slice[i].Id, vectors[i]);
            progress?.Report(new EmbeddingProgress(start + slice.Count, rows.Count, (int)cached.Hits));
        }
        var info = EmbedderInfo.For(target); // the dimensions are known now
        (string Name, byte[] Data) record;
        if (reduce is { } dims)
        {
            var projection = PcaProjection.Fit(all, dims);
            for (int i = 0; i < all.Length; i++) all[i] = projection.Project(all[i]);
            info = info with { Reduce = dims, Dimensions = dims };
            record = (EmbeddingSync.ProjectionName(info.VectorModelId!), projection.ToBytes());
        }
        else
        {
            record = (EmbeddingSync.ServerModelName, Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { kind = info.Kind, model = info.Model, dimensions = info.Dimensions })));
        }
        ct.ThrowIfCancellationRequested();
        store.WriteEmbeddings(info.VectorModelId!, ids.Zip(all).ToList(), record);
        return (info, rows.Count, cached.Hits, cached.Misses);
    }
}
