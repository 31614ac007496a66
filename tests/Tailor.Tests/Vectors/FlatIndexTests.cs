using Tailor.Testing;
using Tailor.Vectors;

namespace Tailor.Tests.Vectors;

public class FlatIndexTests
{
    private const int Dim = 24;

    [Theory]
    [InlineData(VectorMetric.Cosine)]
    [InlineData(VectorMetric.Dot)]
    [InlineData(VectorMetric.L2)]
    public void Search_returns_the_exact_top_k_in_order(VectorMetric metric)
    {
        var data = VectorTestData.Gaussian(500, Dim, 3);
        var ids = VectorTestData.Ids(500);
        var index = new FlatIndex(Dim, metric);
        index.AddRange(ids, data);
        var queries = VectorTestData.Gaussian(10, Dim, 4);
        for (int q = 0; q < 10; q++)
        {
            var query = queries.AsSpan(q * Dim, Dim);
            var hits = index.Search(query, 10);
            Assert.Equal(VectorTestData.NaiveTopK(data, ids, Dim, query, 10, metric), hits.Select(h => h.Id).ToArray());
            for (int i = 1; i < hits.Length; i++) Assert.True(hits[i - 1].Score >= hits[i].Score);
        }
    }

    [Fact]
    public void Scores_are_similarities_or_negated_squared_distances()
    {
        var cosine = new FlatIndex(2, VectorMetric.Cosine);
        cosine.Add(1, [10, 0]);
        cosine.Add(2, [0, 3]);
        var hits = cosine.Search([1, 1], 2);
        Assert.Equal(MathF.Sqrt(0.5f), hits[0].Score, 5);

        var l2 = new FlatIndex(2, VectorMetric.L2);
        l2.Add(1, [1, 1]);
        l2.Add(2, [4, 5]);
        hits = l2.Search([1, 2], 2);
        Assert.Equal([1L, 2L], hits.Select(h => h.Id));
        Assert.Equal(-1f, hits[0].Score);
        Assert.Equal(-18f, hits[1].Score);
    }

    [Fact]
    public void Remove_and_replace_change_what_is_found()
    {
        var index = new FlatIndex(2, VectorMetric.Dot);
        index.Add(1, [1, 0]);
        index.Add(2, [0.9f, 0]);
        index.Add(3, [0, 1]);
        Assert.True(index.Remove(1));
        Assert.False(index.Remove(1));
        Assert.Equal(2, index.Count);
        Assert.Equal(2, index.Search([1, 0], 1)[0].Id);
        index.Add(3, [5, 0]);
        Assert.Equal(3, index.Search([1, 0], 1)[0].Id);
        Assert.Equal(2, index.Count);
    }

    [Fact]
    public void Filter_is_honoured()
    {
        var data = VectorTestData.Gaussian(300, Dim, 5);
        var ids = VectorTestData.Ids(300);
        var index = new FlatIndex(Dim, VectorMetric.Dot);
        index.AddRange(ids, data);
        Func<long, bool> odd = id => id % 2 == 1;
        var query = VectorTestData.Gaussian(1, Dim, 6);
        var hits = index.Search(query, 10, odd);
        Assert.Equal(10, hits.Length);
        Assert.All(hits, h => Assert.True(odd(h.Id)));
        Assert.Equal(VectorTestData.NaiveTopK(data, ids, Dim, query, 10, VectorMetric.Dot, odd), hits.Select(h => h.Id).ToArray());
    }

    [Fact]
    public void Batch_search_on_threads_matches_single_searches()
    {
        var data = VectorTestData.Gaussian(3000, Dim, 7);
        var ids = VectorTestData.Ids(3000);
        var index = new FlatIndex(Dim, VectorMetric.Cosine);
        index.AddRange(ids, data);
        var queries = VectorTestData.Gaussian(9, Dim, 8);
        var batch = index.SearchBatch(queries, 5, threads: 2);
        for (int q = 0; q < 9; q++) Assert.Equal(index.Search(queries.AsSpan(q * Dim, Dim), 5), batch[q]);
    }

    [Fact]
    public void Save_and_load_round_trip_gives_identical_results()
    {
        using var dir = new TempDirectory();
        var data = VectorTestData.Gaussian(200, Dim, 9);
        var index = new FlatIndex(Dim, VectorMetric.L2);
        index.AddRange(VectorTestData.Ids(200), data);
        var path = dir.File("flat.idx");
        index.Save(path);
        var loaded = FlatIndex.Load(path);
        Assert.Equal(index.Count, loaded.Count);
        Assert.Equal(VectorMetric.L2, loaded.Metric);
        var query = VectorTestData.Gaussian(1, Dim, 10);
        Assert.Equal(index.Search(query, 7), loaded.Search(query, 7));
    }

    [Fact]
    public void Wrong_dimension_and_non_finite_values_are_refused()
    {
        var index = new FlatIndex(3);
        Assert.Contains("3", Assert.Throws<TailorException>(() => index.Add(1, [1, 2])).Message);
        Assert.Contains("non-finite", Assert.Throws<TailorException>(() => index.Add(1, [1, float.NaN, 2])).Message);
        Assert.Throws<TailorException>(() => index.Search([1, 2], 3));
    }
}
