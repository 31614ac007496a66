using BenchmarkDotNet.Attributes;
using Tailor.Vectors;

namespace Tailor.Benchmarks.Vectors;

/// <summary>Per-query cost of flat, int8 and HNSW search on 20k random 384-dimensional vectors
/// (`dotnet run -c Release --project bench/Tailor.Benchmarks -- --filter *VectorSearchBenchmarks*`).
/// End-to-end figures against hnswlib come from `tailor bench vectors` (bench/vectors/run.sh).</summary>
[MemoryDiagnoser]
public class VectorSearchBenchmarks
{
    private const int Dim = 384;
    private const int Rows = 20_000;
    private FlatIndex _flat = null!;
    private QuantizedFlatIndex _int8 = null!;
    private HnswIndex _hnsw = null!;
    private float[] _query = [];
    private readonly VectorHit[] _hits = new VectorHit[10];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(3);
        var data = new float[Rows * Dim];
        for (int i = 0; i < data.Length; i++) data[i] = (float)rng.NextDouble() - 0.5f;
        var ids = new long[Rows];
        for (int i = 0; i < Rows; i++) ids[i] = i;
        _flat = new FlatIndex(Dim, VectorMetric.Cosine, Rows);
        _flat.AddRange(ids, data);
        _int8 = new QuantizedFlatIndex(Dim, VectorMetric.Cosine, 4, Rows);
        _int8.AddRange(ids, data);
        _int8.Train();
        _hnsw = new HnswIndex(Dim, VectorMetric.Cosine, new HnswOptions(16, 100), Rows);
        _hnsw.AddRange(ids, data, threads: 2);
        _query = data.AsSpan(5 * Dim, Dim).ToArray();
    }

    [Benchmark(Baseline = true)]
    public int Flat() => _flat.Search(_query, _hits);

    [Benchmark]
    public int Int8WithRescoring() => _int8.Search(_query, _hits);

    [Benchmark]
    public int HnswEf64() => _hnsw.Search(_query, _hits, 64);
}
