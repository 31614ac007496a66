using System.Runtime.InteropServices;
using Tailor.Testing;
using Tailor.Vectors;

namespace Tailor.Tests.Vectors;

public class VectorBenchmarkTests
{
    [Fact]
    public void Runs_on_raw_files_and_reports_recall_against_the_truth_file()
    {
        using var dir = new TempDirectory();
        const int dim = 16, rows = 2000, queries = 20, width = 100;
        var data = VectorTestData.Gaussian(rows, dim, 31);
        for (int r = 0; r < rows; r++) VectorMath.Normalize(data.AsSpan(r * dim, dim));
        var q = VectorTestData.Gaussian(queries, dim, 32);
        var exact = new FlatIndex(dim, VectorMetric.Dot);
        var ids = new long[rows];
        for (int i = 0; i < rows; i++) ids[i] = i;
        exact.AddRange(ids, data);
        var truth = new int[queries * width];
        for (int i = 0; i < queries; i++)
        {
            var hits = exact.Search(q.AsSpan(i * dim, dim), width);
            for (int j = 0; j < width; j++) truth[i * width + j] = (int)hits[j].Id;
        }
        File.WriteAllBytes(dir.File("base.f32"), MemoryMarshal.AsBytes(data.AsSpan()).ToArray());
        File.WriteAllBytes(dir.File("query.f32"), MemoryMarshal.AsBytes(q.AsSpan()).ToArray());
        File.WriteAllBytes(dir.File("gt.i32"), MemoryMarshal.AsBytes(truth.AsSpan()).ToArray());

        var result = VectorBenchmark.Run(new VectorBenchmarkOptions(dir.File("base.f32"), dir.File("query.f32"), dir.File("gt.i32"), dim,
            M: 8, EfConstruction: 64, Efs: [10, 100], FlatQueries: 10));

        Assert.Equal(rows, result.Rows);
        Assert.Equal(queries, result.Queries);
        Assert.Equal(1.0, result.FlatRecall, 3);
        Assert.True(result.Int8Recall >= 0.9, $"int8 recall {result.Int8Recall}");
        Assert.Equal([10, 100], result.Runs.Select(r => r.Ef));
        Assert.True(result.Runs[1].Recall >= 0.95, $"ef=100 recall {result.Runs[1].Recall}");
        Assert.True(result.Runs[1].Recall >= result.Runs[0].Recall);
        Assert.True(result.IndexBytes > rows * dim * 4);
    }

    [Fact]
    public void A_file_that_is_not_whole_rows_is_refused_with_its_name()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("base.f32"), new byte[4 * 10]);
        var ex = Assert.Throws<TailorException>(() => RawVectorFile.ReadFloat32(dir.File("base.f32"), 3));
        Assert.Contains("base.f32", ex.Message);
        Assert.Contains("--dim", ex.Message);
    }
}
