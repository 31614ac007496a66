namespace Tailor.Vectors;

/// <summary>One point of the ef sweep: recall@k against the truth file, single-thread queries per wall-clock second
/// and per CPU-second of the querying thread (robust when other processes share the cores).</summary>
public sealed record VectorBenchmarkRun(int Ef, double Recall, double Qps, double CpuQps);
