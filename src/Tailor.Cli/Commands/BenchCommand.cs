using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Tailor.Vectors;

namespace Tailor.Cli.Commands;

/// <summary>`tailor bench ...`: end-to-end measurements on standard data files (`bench vectors`).</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Measure Tailor's engines on benchmark data.");
        command.Subcommands.Add(CreateVectors());
        return command;
    }

    private static Command CreateVectors()
    {
        var basePath = new Option<string>("--base") { Description = "Base vectors: raw little-endian float32[rows][dim].", Required = true };
        var queries = new Option<string>("--queries") { Description = "Query vectors: raw little-endian float32[queries][dim].", Required = true };
        var truth = new Option<string>("--truth") { Description = "Exact neighbours: raw little-endian int32[queries][100], ids by inner product.", Required = true };
        var dim = new Option<int>("--dim") { Description = "Vector dimension.", Required = true };
        var k = new Option<int>("-k", "--k") { Description = "Neighbours per query (recall@k).", DefaultValueFactory = _ => 10 };
        var m = new Option<int>("--m") { Description = "HNSW links per node (layer 0 keeps 2M).", DefaultValueFactory = _ => 16 };
        var efConstruction = new Option<int>("--ef-construction") { Description = "HNSW candidate list size while building.", DefaultValueFactory = _ => 200 };
        var ef = new Option<string>("--ef") { Description = "Comma-separated search ef values to sweep.", DefaultValueFactory = _ => "16,32,64,128,256" };
        var threads = new Option<int>("--threads") { Description = "Threads for the HNSW build (queries are timed on one thread).", DefaultValueFactory = _ => 1 };
        var flatQueries = new Option<int>("--flat-queries") { Description = "How many queries to time the flat and int8 scans on.", DefaultValueFactory = _ => 200 };
        var json = CliOptions.Json();
        var command = new Command("vectors", "Flat, int8 and HNSW vector search: build time, memory, recall and single-thread queries per second.")
        {
            basePath, queries, truth, dim, k, m, efConstruction, ef, threads, flatQueries, json,
        };
        command.SetAction(parse =>
        {
            var options = new VectorBenchmarkOptions(
                parse.GetValue(basePath)!, parse.GetValue(queries)!, parse.GetValue(truth)!, parse.GetValue(dim),
                parse.GetValue(k), parse.GetValue(m), parse.GetValue(efConstruction), ParseEfs(parse.GetValue(ef)!),
                parse.GetValue(threads), parse.GetValue(flatQueries));
            bool asJson = parse.GetValue(json);
            var result = VectorBenchmark.Run(options, asJson ? line => Console.Error.WriteLine(line) : line => Console.WriteLine(line));
            if (asJson) CliJson.Write(ToJson(result, options));
            return 0;
        });
        return command;
    }

    private static int[] ParseEfs(string text)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var values = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out values[i]) || values[i] <= 0)
                throw new TailorException($"--ef expects comma-separated positive integers such as 16,32,64 (got '{text}').");
        }
        if (values.Length == 0) throw new TailorException("--ef needs at least one value, such as 64.");
        return values;
    }

    private static JsonObject ToJson(VectorBenchmarkResult r, VectorBenchmarkOptions o)
    {
        string recall = $"recall@{r.K}";
        var runs = new JsonArray();
        foreach (var run in r.Runs) runs.Add(new JsonObject { ["ef"] = run.Ef, [recall] = Math.Round(run.Recall, 4), ["qps"] = Math.Round(run.Qps, 1), ["cpu_qps"] = Math.Round(run.CpuQps, 1) });
        return new JsonObject
        {
            ["rows"] = r.Rows,
            ["dim"] = r.Dim,
            ["queries"] = r.Queries,
            ["m"] = o.M,
            ["ef_construction"] = o.EfConstruction,
            ["threads"] = o.Threads,
            ["build_seconds"] = Math.Round(r.BuildSeconds, 2),
            ["build_cpu_seconds"] = Math.Round(r.BuildCpuSeconds, 2),
            ["memory_bytes"] = r.MemoryBytes,
            ["index_bytes"] = r.IndexBytes,
            ["flat"] = new JsonObject
            {
                ["qps"] = Math.Round(r.FlatQps, 2),
                [recall] = Math.Round(r.FlatRecall, 4),
                ["read_bandwidth_gb_s"] = Math.Round(r.BandwidthBytesPerSecond / 1e9, 2),
                ["bandwidth_bound_qps"] = Math.Round(r.FlatBoundQps, 2),
            },
            ["int8"] = new JsonObject { ["qps"] = Math.Round(r.Int8Qps, 2), [recall] = Math.Round(r.Int8Recall, 4), ["rescore_factor"] = 4 },
            ["runs"] = runs,
        };
    }
}
