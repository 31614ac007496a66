namespace Tailor.Vectors;

/// <summary>Inputs of <see cref="VectorBenchmark.Run"/>: raw little-endian files (base and queries float32[rows][Dim],
/// truth int32[queries][TruthWidth] exact neighbour ids by inner product), HNSW parameters and the ef values to sweep.
/// <see cref="Threads"/> is used to build; queries are timed one at a time on one thread.</summary>
public sealed record VectorBenchmarkOptions(
    string BasePath,
    string QueriesPath,
    string TruthPath,
    int Dim,
    int K = 10,
    int M = 16,
    int EfConstruction = 200,
    IReadOnlyList<int>? Efs = null,
    int Threads = 1,
    int FlatQueries = 200,
    int TruthWidth = 100,
    long Seed = 42);
