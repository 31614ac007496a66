using Tailor.Testing;
using Tailor.Vectors;

namespace Tailor.Tests.Vectors;

public class HnswIndexTests
{
    private const int Dim = 32;
    private const int Rows = 5000;

    private static (float[] Data, long[] Ids, HnswIndex Index) Build(VectorMetric metric = VectorMetric.Cosine, int threads = 1, HnswOptions? options = null, int rows = Rows)
    {
        var data = VectorTestData.Gaussian(rows, Dim, 21);
        var ids = VectorTestData.Ids(rows);
        var index = new HnswIndex(Dim, metric, options ?? new HnswOptions(M: 16, EfConstruction: 100, Seed: 7));
        index.AddRange(ids, data, threads);
        return (data, ids, index);
    }

    private static double RecallAgainstFlat(float[] data, long[] ids, HnswIndex index, VectorMetric metric, int ef, Func<long, bool>? filter = null, int queries = 50)
    {
        var flat = new FlatIndex(Dim, metric);
        flat.AddRange(ids, data);
        var q = VectorTestData.Gaussian(queries, Dim, 22);
        double recall = 0;
        for (int i = 0; i < queries; i++)
        {
            var query = q.AsSpan(i * Dim, Dim);
            var expected = flat.Search(query, 10, filter).Select(h => h.Id).ToArray();
            recall += VectorTestData.Recall(index.Search(query, 10, ef, filter), expected) / queries;
        }
        return recall;
    }

    [Theory]
    [InlineData(VectorMetric.Cosine)]
    [InlineData(VectorMetric.Dot)]
    [InlineData(VectorMetric.L2)]
    public void Recall_at_10_against_exact_search_is_high(VectorMetric metric)
    {
        var (data, ids, index) = Build(metric);
        double recall = RecallAgainstFlat(data, ids, index, metric, ef: 100);
        Assert.True(recall >= 0.9, $"HNSW recall@10 was {recall:F3}");
    }

    [Fact]
    public void A_larger_ef_does_not_lower_recall_and_a_tiny_graph_degrades_it()
    {
        var (data, ids, index) = Build();
        double low = RecallAgainstFlat(data, ids, index, VectorMetric.Cosine, ef: 10);
        double high = RecallAgainstFlat(data, ids, index, VectorMetric.Cosine, ef: 200);
        Assert.True(high >= low, $"ef=200 gave {high:F3} but ef=10 gave {low:F3}");
        Assert.True(high >= 0.95, $"ef=200 recall was {high:F3}");
    }

    [Fact]
    public void Parallel_build_reaches_the_same_recall()
    {
        var (data, ids, index) = Build(threads: 2);
        Assert.Equal(Rows, index.Count);
        double recall = RecallAgainstFlat(data, ids, index, VectorMetric.Cosine, ef: 100);
        Assert.True(recall >= 0.9, $"parallel-built HNSW recall@10 was {recall:F3}");
    }

    [Fact]
    public void Single_threaded_build_is_deterministic_for_a_seed()
    {
        using var dir = new TempDirectory();
        var (_, _, a) = Build(rows: 1500);
        var (_, _, b) = Build(rows: 1500);
        a.Save(dir.File("a.idx"));
        b.Save(dir.File("b.idx"));
        Assert.Equal(File.ReadAllBytes(dir.File("a.idx")), File.ReadAllBytes(dir.File("b.idx")));
    }

    [Fact]
    public void Deleted_ids_are_never_returned_and_compaction_drops_them()
    {
        var (data, ids, index) = Build(options: new HnswOptions(16, 100, 7, CompactionThreshold: 0.9));
        var deleted = new HashSet<long>();
        for (int i = 0; i < Rows; i += 3)
        {
            Assert.True(index.Delete(ids[i]));
            deleted.Add(ids[i]);
        }
        Assert.False(index.Delete(ids[0]));
        Assert.Equal(Rows - deleted.Count, index.Count);
        Assert.Equal(deleted.Count, index.DeletedCount);
        var queries = VectorTestData.Gaussian(50, Dim, 23);
        for (int q = 0; q < 50; q++)
        {
            var hits = index.Search(queries.AsSpan(q * Dim, Dim), 10, 50);
            Assert.Equal(10, hits.Length);
            Assert.DoesNotContain(hits, h => deleted.Contains(h.Id));
        }
        // A deleted vector's own query must not find it even though its node still guides the walk.
        Assert.DoesNotContain(index.Search(data.AsSpan(0, Dim), 10), h => h.Id == ids[0]);

        index.Compact();
        Assert.Equal(0, index.DeletedCount);
        Assert.Equal(Rows - deleted.Count, index.NodeCount);
        bool Live(long id) => !deleted.Contains(id);
        double recall = RecallAgainstFlat(data, ids, index, VectorMetric.Cosine, ef: 100, Live);
        Assert.True(recall >= 0.9, $"recall after compaction was {recall:F3}");
    }

    [Fact]
    public void Deleting_past_the_threshold_compacts_automatically()
    {
        var (_, ids, index) = Build(rows: 1000, options: new HnswOptions(8, 50, 7, CompactionThreshold: 0.2));
        for (int i = 0; i < 300; i++) index.Delete(ids[i]);
        Assert.True(index.DeletedCount < 0.2 * index.NodeCount + 1);
        Assert.Equal(700, index.Count);
        Assert.True(index.NodeCount < 1000);
    }

    [Fact]
    public void Filters_are_honoured_and_still_return_k_hits()
    {
        var (data, ids, index) = Build();
        Func<long, bool> half = id => id % 2 == 0;
        var rare = new HashSet<long>(ids.Where((_, i) => i % 97 == 5));  // ~1% of the rows
        Func<long, bool> sparse = rare.Contains;
        var queries = VectorTestData.Gaussian(20, Dim, 24);
        for (int q = 0; q < 20; q++)
        {
            var query = queries.AsSpan(q * Dim, Dim);
            var hits = index.Search(query, 10, 64, half);
            Assert.Equal(10, hits.Length);
            Assert.All(hits, h => Assert.True(half(h.Id)));
            hits = index.Search(query, 10, 16, sparse);
            Assert.Equal(10, hits.Length);
            Assert.All(hits, h => Assert.Contains(h.Id, rare));
        }
        Assert.True(RecallAgainstFlat(data, ids, index, VectorMetric.Cosine, 100, half) >= 0.9);
        Assert.True(RecallAgainstFlat(data, ids, index, VectorMetric.Cosine, 16, sparse) >= 0.9);
        // Fewer matches than k: all of them come back.
        var three = new HashSet<long> { ids[1], ids[2000], ids[4999] };
        Assert.Equal(three, index.Search(queries.AsSpan(0, Dim), 10, 32, three.Contains).Select(h => h.Id).ToHashSet());
    }

    [Fact]
    public void Adding_an_existing_id_replaces_its_vector()
    {
        var (data, ids, index) = Build(rows: 500);
        var target = data.AsSpan(100 * Dim, Dim).ToArray();
        Assert.Equal(ids[100], index.Search(target, 1)[0].Id);
        index.Add(ids[7], target);
        Assert.Equal(500, index.Count);
        var top = index.Search(target, 2).Select(h => h.Id).ToHashSet();
        Assert.Equal(new HashSet<long> { ids[7], ids[100] }, top);
        var old = data.AsSpan(7 * Dim, Dim).ToArray();
        Assert.NotEqual(ids[7], index.Search(old, 1)[0].Id);
    }

    [Fact]
    public void Save_and_load_round_trip_gives_identical_results_and_keeps_tombstones()
    {
        using var dir = new TempDirectory();
        var (_, ids, index) = Build(VectorMetric.L2, rows: 2000);
        for (int i = 0; i < 50; i++) index.Delete(ids[i]);
        var path = dir.File("graph.hnsw");
        index.Save(path);
        var loaded = HnswIndex.Load(path);
        Assert.Equal(index.Count, loaded.Count);
        Assert.Equal(index.DeletedCount, loaded.DeletedCount);
        Assert.Equal(index.Options, loaded.Options);
        Assert.Equal(VectorMetric.L2, loaded.Metric);
        var queries = VectorTestData.Gaussian(20, Dim, 25);
        for (int q = 0; q < 20; q++)
        {
            var query = queries.AsSpan(q * Dim, Dim);
            Assert.Equal(index.Search(query, 10, 40), loaded.Search(query, 10, 40));
        }
        Assert.False(loaded.Contains(ids[0]));
        Assert.True(loaded.Contains(ids[60]));
        // Later inserts continue the same level sequence as the original would.
        var extra = VectorTestData.Gaussian(1, Dim, 26);
        index.Add(-1, extra);
        loaded.Add(-1, extra);
        Assert.Equal(index.Search(extra, 5), loaded.Search(extra, 5));
    }

    [Fact]
    public void A_damaged_file_is_a_tailor_exception_naming_it()
    {
        using var dir = new TempDirectory();
        var (_, _, index) = Build(rows: 300);
        var path = dir.File("graph.hnsw");
        index.Save(path);
        var bytes = File.ReadAllBytes(path);

        var flipped = (byte[])bytes.Clone();
        flipped[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(path, flipped);
        var ex = Assert.Throws<TailorException>(() => HnswIndex.Load(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("checksum", ex.Message);

        File.WriteAllBytes(path, bytes[..(bytes.Length - 10)]);
        Assert.Contains(path, Assert.Throws<TailorException>(() => HnswIndex.Load(path)).Message);

        File.WriteAllBytes(path, bytes[..10]);
        Assert.Contains(path, Assert.Throws<TailorException>(() => HnswIndex.Load(path)).Message);

        var flat = new FlatIndex(Dim);
        flat.Add(1, new float[Dim]);
        flat.Save(path);
        Assert.Contains("not a", Assert.Throws<TailorException>(() => HnswIndex.Load(path)).Message);

        var version = (byte[])bytes.Clone();
        version[8] = 99;
        File.WriteAllBytes(path, version);
        Assert.Contains("version", Assert.Throws<TailorException>(() => HnswIndex.Load(path)).Message);

        Assert.Throws<TailorException>(() => HnswIndex.Load(dir.File("missing.hnsw")));
    }

    [Fact]
    public void Empty_index_and_k_larger_than_count_behave()
    {
        var index = new HnswIndex(4, VectorMetric.Dot);
        Assert.Empty(index.Search([1, 0, 0, 0], 5));
        index.Add(10, [1, 0, 0, 0]);
        index.Add(11, [0, 1, 0, 0]);
        index.Add(12, [0, 0, 1, 0]);
        var hits = index.Search([1, 0.5f, 0, 0], 10);
        Assert.Equal([10L, 11L, 12L], hits.Select(h => h.Id));
        Assert.Equal(1f, hits[0].Score);
        Assert.Throws<TailorException>(() => new HnswIndex(4, options: new HnswOptions(M: 1)));
    }
}
