using System.Text.Json;
using System.Text;
using Tailor.Ingestion;
using Tailor.Storage;

namespace Tailor.Embedding;

/// <summary>
/// Switches a knowledge base to another embedder: every chunk is embedded with the new one (through
/// the embedding cache, so switching back to a model used before costs nothing), then the new vectors,
/// read back from the cache a slice at a time (memory stays flat however many chunks there are), and
/// the record of their model replace the old ones in one transaction. The caller updates the
/// manifest afterwards; a crash in between leaves the old embedder in effect, its vectors pending
/// (re-embedded on the next ingest or <c>tailor check --repair</c>), and the knowledge base consistent.
/// </summary>
internal sealed class Reembedder(IKnowledgeStore store, Func<string, List<string>> analyze, LsaOptions options, string directory)
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
            if (store.Counts().Chunks < EmbeddingSync.MinimumChunks) return (EmbedderInfo.Builtin, 0, 0, 0); // trained by the first ingest that has enough text
            var (_, embedded) = EmbeddingSync.RetrainBuiltin(store, analyze, options);
            progress?.Report(new EmbeddingProgress(embedded, embedded, 0));
            return (EmbedderInfo.Builtin, embedded, 0, 0);
        }
        var sync = new EmbeddingSync(store, analyze, options, EmbedderInfo.For(target), target, directory);
        var cached = sync.Cache!;
        long total = store.Counts().Chunks;

        // Pass 1: every chunk through the cache (which keeps what the server sends, on disk), a page at a
        // time, each read on its own so the cache's writes can be checkpointed; only a uniform sample of vectors (as many as the PCA fit uses) is kept, when a projection is asked for.
        var sample = reduce is null ? null : new List<float[]>();
        var random = new Random(42);
        int count = 0;
        for (var slice = store.ChunkPage(0, Slice); slice.Count > 0; slice = store.ChunkPage(slice[^1].Id, Slice))
        {
            var vectors = await sync.EmbedRowsAsync(cached, slice, ct).ConfigureAwait(false);
            if (sample is not null)
            {
                foreach (var vector in vectors) // reservoir sampling: every vector equally likely to be kept
                {
                    count++;
                    if (sample.Count < PcaProjection.MaxSample) sample.Add(vector);
                    else
                    {
                        int j = random.Next(count);
                        if (j < PcaProjection.MaxSample) sample[j] = vector;
                    }
                }
            }
            else count += slice.Count;
            progress?.Report(new EmbeddingProgress(count, (int)Math.Max(total, count), (int)cached.Hits));
        }
        var info = EmbedderInfo.For(target); // the dimensions are known now
        (string Name, byte[] Data) record;
        PcaProjection? projection = null;
        if (reduce is { } dims)
        {
            projection = PcaProjection.Fit(sample!, dims);
            info = info with { Reduce = dims, Dimensions = dims };
            record = (EmbeddingSync.ProjectionName(info.VectorModelId!), projection.ToBytes());
        }
        else
        {
            record = (EmbeddingSync.ServerModelName, Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { kind = info.Kind, model = info.Model, dimensions = info.Dimensions })));
        }
        ct.ThrowIfCancellationRequested();
        // Pass 2: one transaction replaces the old vectors with the new ones, read back from the cache a slice at a time.
        store.WriteEmbeddings(info.VectorModelId!, FromCache(cached, projection), record);
        return (info, count, cached.Hits, cached.Misses);
    }

    /// <summary>The new vector of every chunk, from the cache that pass 1 filled, projected when reducing.</summary>
    private IEnumerable<(long ChunkId, float[] Vector)> FromCache(CachingEmbedder cached, PcaProjection? projection)
    {
        foreach (var slice in ChunkWalk.All(store, Slice).Chunk(Slice))
        {
            var vectors = cached.Cached(slice.Select(r => DocumentPreparer.IndexedText(r.Title, r.Section, r.Text)).ToList());
            for (int i = 0; i < slice.Length; i++)
            {
                var vector = vectors[i] ?? throw new TailorException(
                    $"the embedding of chunk {slice[i].Id} is missing from the embedding cache after it was embedded; nothing was switched. Run the command again.");
                yield return (slice[i].Id, projection is null ? vector : projection.Project(vector));
            }
        }
    }
}
