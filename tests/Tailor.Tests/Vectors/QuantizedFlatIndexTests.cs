using Tailor.Vectors;

namespace Tailor.Tests.Vectors;

public class QuantizedFlatIndexTests
{
    [Theory]
    [InlineData(VectorMetric.Cosine)]
    [InlineData(VectorMetric.L2)]
    public void Int8_scan_with_rescoring_finds_the_exact_neighbours(VectorMetric metric)
    {
        const int dim = 48, rows = 4000;
        var data = VectorTestData.Gaussian(rows, dim, 11);
        var ids = VectorTestData.Ids(rows);
        var index = new QuantizedFlatIndex(dim, metric, rescoreFactor: 4);
        index.AddRange(ids, data);
        var queries = VectorTestData.Gaussian(40, dim, 12);
        double recall = 0;
        for (int q = 0; q < 40; q++)
        {
            var query = queries.AsSpan(q * dim, dim);
            var expected = VectorTestData.NaiveTopK(data, ids, dim, query, 10, metric);
            var hits = index.Search(query, 10);
            recall += VectorTestData.Recall(hits, expected) / 40;
            // Scores are exact (rescored), not approximations.
            var exact = new FlatIndex(dim, metric);
            exact.AddRange(ids, data);
            var top = exact.Search(query, 1)[0];
            if (hits[0].Id == top.Id) Assert.Equal(top.Score, hits[0].Score, 4);
        }
        Assert.True(recall >= 0.95, $"int8 + rescoring recall@10 was {recall:F3}");
    }

    [Fact]
    public void Without_rescoring_room_recall_is_lower_than_with_it()
    {
        const int dim = 64, rows = 3000;
        var data = VectorTestData.Gaussian(rows, dim, 13);
        var ids = VectorTestData.Ids(rows);
        var one = new QuantizedFlatIndex(dim, VectorMetric.Dot, rescoreFactor: 1);
        var eight = new QuantizedFlatIndex(dim, VectorMetric.Dot, rescoreFactor: 8);
        one.AddRange(ids, data);
        eight.AddRange(ids, data);
        var queries = VectorTestData.Gaussian(30, dim, 14);
        double r1 = 0, r8 = 0;
        for (int q = 0; q < 30; q++)
        {
            var query = queries.AsSpan(q * dim, dim);
            var expected = VectorTestData.NaiveTopK(data, ids, dim, query, 10, VectorMetric.Dot);
            r1 += VectorTestData.Recall(one.Search(query, 10), expected);
            r8 += VectorTestData.Recall(eight.Search(query, 10), expected);
        }
        Assert.True(r8 > r1, $"rescoring x8 ({r8 / 30:F3}) should beat x1 ({r1 / 30:F3})");
        Assert.True(r8 / 30 >= 0.97);
    }

    [Fact]
    public void Remove_and_filter_are_honoured_after_training()
    {
        const int dim = 16;
        var data = VectorTestData.Gaussian(500, dim, 15);
        var ids = VectorTestData.Ids(500);
        var index = new QuantizedFlatIndex(dim, VectorMetric.Dot);
        index.AddRange(ids, data);
        var query = data.AsSpan(0, dim).ToArray();
        Assert.Equal(ids[0], index.Search(query, 1)[0].Id);
        Assert.True(index.Remove(ids[0]));
        Assert.DoesNotContain(index.Search(query, 20), h => h.Id == ids[0]);
        Func<long, bool> filter = id => id % 3 == 0;
        var hits = index.Search(query, 10, filter);
        Assert.Equal(10, hits.Length);
        Assert.All(hits, h => Assert.True(filter(h.Id)));
    }
}
