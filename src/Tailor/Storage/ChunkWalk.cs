namespace Tailor.Storage;

/// <summary>
/// Walks of the chunk table a page at a time, each page its own short read (a reader held open across
/// writes keeps SQLite's WAL from being checkpointed, and a PostgreSQL transaction from seeing them).
/// </summary>
public static class ChunkWalk
{
    /// <summary>
    /// Every chunk in id order, a page at a time. Complete only while no other writer commits (the caller
    /// holds the writer lease): ids need not commit in order.
    /// </summary>
    public static IEnumerable<ChunkRow> All(IChunkScanner store, int page = 2048)
    {
        for (var rows = store.ChunkPage(0, page); rows.Count > 0; rows = store.ChunkPage(rows[^1].Id, page))
            foreach (var row in rows) yield return row;
    }

    /// <summary>
    /// Pages of the chunks without an embedding from <paramref name="modelId"/>. The caller embeds each page
    /// before asking for the next; a pass that reaches the end starts again from 0, and the walk ends only when
    /// a pass from 0 finds nothing: a chunk whose lower id committed after the walk passed it is not missed.
    /// A page whose vectors could not be stored (its chunks were deleted meanwhile) is not asked for twice.
    /// </summary>
    public static IEnumerable<List<ChunkRow>> Pending(IEmbeddingStore store, string modelId, int page)
    {
        long after = 0;
        var seen = new HashSet<long>();
        while (true)
        {
            var rows = store.PendingChunks(modelId, after, page);
            rows.RemoveAll(r => seen.Contains(r.Id));
            if (rows.Count == 0)
            {
                if (after == 0) yield break;
                after = 0; // a pass from the start: anything that committed behind the walk
                continue;
            }
            foreach (var row in rows) seen.Add(row.Id);
            yield return rows;
            after = rows[^1].Id;
        }
    }
}
