using Tailor.Storage;

namespace Tailor.Tests.Storage;

public sealed class ChunkWalkTests
{
    /// <summary>Pending chunks as a PostgreSQL sequence can commit them: a lower id becomes visible after higher ones were walked past.</summary>
    private sealed class LateCommits : IEmbeddingStore
    {
        public SortedSet<long> Pending { get; } = [5, 6, 7];

        public List<ChunkRow> PendingChunks(string modelId, long afterId, int limit) =>
            Pending.Where(id => id > afterId).Take(limit).Select(id => new ChunkRow(id, "t", "s", "text", 0)).ToList();

        public int WriteEmbeddings(string modelId, IEnumerable<(long ChunkId, float[] Vector)> vectors, (string Name, byte[] Data)? model = null) => 0;

        public Dictionary<long, float[]> GetEmbeddings(IReadOnlyList<long> ids, string modelId) => [];

        public IEnumerable<(long ChunkId, float[] Vector)> ScanEmbeddings(string modelId) => [];

        public long CountEmbeddings(string modelId) => 0;

        public StoredModel? ReadModel(string name) => null;
    }

    [Fact]
    public void A_chunk_whose_lower_id_commits_after_the_walk_passed_it_is_still_embedded()
    {
        var store = new LateCommits();
        var embedded = new List<long>();
        foreach (var page in ChunkWalk.Pending(store, "m", 2))
        {
            foreach (var row in page)
            {
                embedded.Add(row.Id);
                store.Pending.Remove(row.Id);
            }
            if (embedded.Count == 2) store.Pending.Add(3); // commits now, behind the walk
        }
        Assert.Equal([5, 6, 7, 3], embedded);
    }

    [Fact]
    public void A_page_whose_vectors_cannot_be_stored_is_not_asked_for_forever()
    {
        var store = new LateCommits(); // never removes: as if each chunk were deleted before its vector was written
        var pages = ChunkWalk.Pending(store, "m", 2).ToList();
        Assert.Equal([5, 6, 7], pages.SelectMany(p => p).Select(r => r.Id));
    }
}
