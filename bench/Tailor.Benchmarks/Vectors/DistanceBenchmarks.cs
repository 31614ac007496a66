using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using Tailor.Vectors;

namespace Tailor.Benchmarks.Vectors;

/// <summary>The distance kernel against TensorPrimitives at common embedding sizes
/// (`dotnet run -c Release --project bench/Tailor.Benchmarks -- --filter *DistanceBenchmarks*`).</summary>
[MemoryDiagnoser]
public class DistanceBenchmarks
{
    private float[] _a = [];
    private float[] _b = [];

    [Params(128, 384, 768, 1536)]
    public int Dim { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        _a = new float[Dim];
        _b = new float[Dim];
        for (int i = 0; i < Dim; i++)
        {
            _a[i] = (float)rng.NextDouble() - 0.5f;
            _b[i] = (float)rng.NextDouble() - 0.5f;
        }
    }

    [Benchmark(Baseline = true)]
    public float TensorPrimitivesDot() => TensorPrimitives.Dot(_a, _b);

    [Benchmark]
    public float VectorMathDot() => VectorMath.Dot(_a, _b);

    [Benchmark]
    public float VectorMathSquaredL2() => VectorMath.SquaredL2(_a, _b);
}
