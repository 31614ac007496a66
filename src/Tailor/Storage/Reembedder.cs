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

    /// <summary>Embeds everything with <paramref name="target"/> (null: the built-in embedder) and commits the switch.</summary>
    public async Task<(EmbedderInfo Info, int Chunks, long CacheHits, long Sent)> RunAsync(IEmbedder? target, IProgress<EmbeddingProgress>? progress, CancellationToken ct)
    {
        if (target is null or LsaEmbedder)
        {
            var (_, count) = store.Counts();
            if (count < EmbeddingSync.MinimumChunks) return (EmbedderInfo.Builtin, 0, 0, 0); // trained by the first ingest that has enough text
            var (model, vectors) = EmbeddingSync.TrainBuiltin(store, analyze, options);
            using var buffer = new MemoryStream();
            model.Save(buffer);
            store.WriteEmbeddings(model.ModelId, vectors, (EmbeddingSync.ModelName, buffer.ToArray()));
            progress?.Report(new EmbeddingProgress(vectors.Count, vectors.Count, 0));
            return (EmbedderInfo.Builtin, vectors.Count, 0, 0);
        }
        var info = EmbedderInfo.For(target);
        var sync = new EmbeddingSync(store, analyze, options, info, target, directory);
        var server = sync.Server!;
        var rows = store.ScanChunksForIndex().ToList();
        var all = new List<(long, float[])>(rows.Count);
        for (int start = 0; start < rows.Count; start += Slice)
        {
            var slice = rows.GetRange(start, Math.Min(Slice, rows.Count - start));
            var vectors = await sync.EmbedRowsAsync(server, slice, ct).ConfigureAwait(false);
            for (int i = 0; i < slice.Count; i++) all.Add((slice[i].Id, vectors[i]));
            progress?.Report(new EmbeddingProgress(all.Count, rows.Count, (int)server.Hits));
        }
        info = EmbedderInfo.For(target); // the dimensions are known now
        var record = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { kind = info.Kind, model = info.Model, dimensions = info.Dimensions }));
        ct.ThrowIfCancellationRequested();
        store.WriteEmbeddings(info.Model!, all, (EmbeddingSync.ServerModelName, record));
        return (info, all.Count, server.Hits, server.Misses);
    }
}
