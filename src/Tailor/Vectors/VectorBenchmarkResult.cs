namespace Tailor.Vectors;

/// <summary>
/// Figures from <see cref="VectorBenchmark.Run"/>. <see cref="MemoryBytes"/> is the growth of the process's
/// resident set during the HNSW build (measured like the peer script does); <see cref="IndexBytes"/> is what
/// the index itself accounts for. <see cref="BandwidthBytesPerSecond"/> is a sequential read of the flat index's
/// vector array, so <see cref="FlatBoundQps"/> is the most a memory-bound scan could reach.
/// </summary>
public sealed record VectorBenchmarkResult(
    int Rows,
    int Dim,
    int Queries,
    int K,
    double BuildSeconds,
    double BuildCpuSeconds,
    long MemoryBytes,
    long IndexBytes,
    double FlatQps,
    double FlatRecall,
    double BandwidthBytesPerSecond,
    double FlatBoundQps,
    double Int8Qps,
    double Int8Recall,
    IReadOnlyList<VectorBenchmarkRun> Runs);
