using System.Diagnostics;
using System.Runtime.Intrinsics;

namespace Tailor.Vectors;

/// <summary>The `tailor bench vectors` measurement: flat scan, int8 scan with rescoring, and an HNSW ef sweep,
/// all checked against an exact-neighbour truth file.</summary>
public static class VectorBenchmark
{
    public static VectorBenchmarkResult Run(VectorBenchmarkOptions options, Action<string>? log = null)
    {
        log ??= _ => { };
        int dim = options.Dim, k = options.K;
        if (k <= 0 || k > options.TruthWidth) throw new TailorException($"-k must be between 1 and the truth width {options.TruthWidth} (got {k}).");
        var efs = options.Efs is { Count: > 0 } ? options.Efs : [16, 32, 64, 128, 256];
        var data = RawVectorFile.ReadFloat32(options.BasePath, dim);
        var queries = RawVectorFile.ReadFloat32(options.QueriesPath, dim);
        int rows = data.Length / dim, nq = queries.Length / dim;
        var truth = RawVectorFile.ReadInt32(options.TruthPath, options.TruthWidth);
        if (truth.Length / options.TruthWidth != nq)
            throw new TailorException($"'{options.TruthPath}' has {truth.Length / options.TruthWidth} rows of {options.TruthWidth} ids but there are {nq} queries; pass the matching truth file (and its width).");
        var ids = new long[rows];
        for (int i = 0; i < rows; i++) ids[i] = i;
        log($"loaded {rows} x {dim} base, {nq} queries");

        // HNSW build first, on a quiet heap, so the resident-set growth is the index's own.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        long before = Environment.WorkingSet;
        var process = Process.GetCurrentProcess();
        double cpuBefore = process.TotalProcessorTime.TotalSeconds;
        var sw = Stopwatch.StartNew();
        var index = new HnswIndex(dim, VectorMetric.Dot, new HnswOptions(options.M, options.EfConstruction, options.Seed), rows);
        index.AddRange(ids, data, Math.Max(1, options.Threads));
        double buildSeconds = sw.Elapsed.TotalSeconds;
        process.Refresh();
        double buildCpu = process.TotalProcessorTime.TotalSeconds - cpuBefore;
        long memory = Environment.WorkingSet - before;
        log($"hnsw build: {buildSeconds:F1} s ({buildCpu:F1} s CPU) on {options.Threads} thread(s), resident +{memory / 1048576.0:F0} MiB, index {index.MemoryBytes / 1048576.0:F0} MiB");

        // Warm up until the JIT has settled on optimized code, then sweep ef one query at a time.
        var hits = new VectorHit[k];
        sw.Restart();
        while (sw.Elapsed.TotalSeconds < 1.0)
        {
            for (int i = 0; i < Math.Min(nq, 200); i++) index.Search(queries.AsSpan(i * dim, dim), hits, efs[^1]);
        }
        var runs = new List<VectorBenchmarkRun>();
        long found;
        foreach (int ef in efs)
        {
            for (int i = 0; i < Math.Min(nq, 100); i++) index.Search(queries.AsSpan(i * dim, dim), hits, ef);
            found = 0;
            double cpu0 = ThreadCpuClock.Seconds;
            sw.Restart();
            for (int i = 0; i < nq; i++) found += Overlap(hits, index.Search(queries.AsSpan(i * dim, dim), hits, ef), truth, i, options.TruthWidth, k);
            double qps = nq / sw.Elapsed.TotalSeconds;
            double cpuQps = nq / Math.Max(1e-9, ThreadCpuClock.Seconds - cpu0);
            runs.Add(new VectorBenchmarkRun(ef, found / (double)(k * nq), qps, cpuQps));
            log($"ef={ef}: recall@{k} {runs[^1].Recall:F4}, {qps:F0} q/s ({cpuQps:F0} per CPU-second)");
        }
        long indexBytes = index.MemoryBytes;
        index = null;

        // Flat exact scan, one query at a time.
        var flat = new FlatIndex(dim, VectorMetric.Dot, rows);
        flat.AddRange(ids, data);
        double bandwidth = MeasureReadBandwidth(flat.Rows.Data.AsSpan(0, rows * dim));
        int flatQueries = Math.Clamp(options.FlatQueries, 1, nq);
        for (int i = 0; i < Math.Min(5, flatQueries); i++) flat.Search(queries.AsSpan(i * dim, dim), hits);
        sw.Restart();
        found = 0;
        for (int i = 0; i < flatQueries; i++) found += Overlap(hits, flat.Search(queries.AsSpan(i * dim, dim), hits), truth, i, options.TruthWidth, k);
        double flatQps = flatQueries / sw.Elapsed.TotalSeconds;
        double flatRecall = found / (double)(k * flatQueries);
        double boundQps = bandwidth / (rows * (double)dim * sizeof(float));
        log($"flat: {flatQps:F1} q/s, recall {flatRecall:F4}; read bandwidth {bandwidth / 1e9:F1} GB/s bounds a scan at {boundQps:F1} q/s");
        flat = null;

        // Int8 scan + rescoring.
        var int8 = new QuantizedFlatIndex(dim, VectorMetric.Dot, rescoreFactor: 4, rows);
        int8.AddRange(ids, data);
        int8.Train();
        for (int i = 0; i < Math.Min(5, flatQueries); i++) int8.Search(queries.AsSpan(i * dim, dim), hits);
        sw.Restart();
        found = 0;
        for (int i = 0; i < flatQueries; i++) found += Overlap(hits, int8.Search(queries.AsSpan(i * dim, dim), hits), truth, i, options.TruthWidth, k);
        double int8Qps = flatQueries / sw.Elapsed.TotalSeconds;
        double int8Recall = found / (double)(k * flatQueries);
        log($"int8 + rescoring x4: {int8Qps:F1} q/s, recall {int8Recall:F4}");

        return new VectorBenchmarkResult(rows, dim, nq, k, buildSeconds, buildCpu, memory, indexBytes, flatQps, flatRecall, bandwidth, boundQps, int8Qps, int8Recall, runs);
    }

    private static int Overlap(VectorHit[] hits, int count, int[] truth, int query, int width, int k)
    {
        int found = 0;
        var expected = truth.AsSpan(query * width, k);
        for (int j = 0; j < count; j++)
        {
            if (expected.Contains((int)hits[j].Id)) found++;
        }
        return found;
    }

    /// <summary>Bytes per second of a plain sequential read (sum) over <paramref name="values"/>, best of five passes.</summary>
    public static double MeasureReadBandwidth(ReadOnlySpan<float> values)
    {
        double best = 0;
        float sink = 0;
        for (int pass = 0; pass < 5; pass++)
        {
            var sw = Stopwatch.StartNew();
            sink += Sum(values);
            double seconds = sw.Elapsed.TotalSeconds;
            best = Math.Max(best, values.Length * (double)sizeof(float) / seconds);
        }
        GC.KeepAlive(sink);
        return best;
    }

    private static float Sum(ReadOnlySpan<float> values)
    {
        var s0 = Vector256<float>.Zero;
        var s1 = Vector256<float>.Zero;
        var s2 = Vector256<float>.Zero;
        var s3 = Vector256<float>.Zero;
        int i = 0;
        for (; i <= values.Length - 32; i += 32)
        {
            s0 += Vector256.Create(values.Slice(i, 8));
            s1 += Vector256.Create(values.Slice(i + 8, 8));
            s2 += Vector256.Create(values.Slice(i + 16, 8));
            s3 += Vector256.Create(values.Slice(i + 24, 8));
        }
        float sum = Vector256.Sum(s0 + s1 + s2 + s3);
        for (; i < values.Length; i++) sum += values[i];
        return sum;
    }
}
