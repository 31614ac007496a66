// pgvector's HNSW on the bench/vectors files, timed the way `tailor bench vectors` times Tailor's HNSW:
//   PgvectorHnsw URL --base base.f32 --queries query.f32 --truth gt.i32 --dim 384 [--rows N] [-k 10]
//                [--m 16] [--ef-construction 200] [--ef 16,32,64,128,256] [--batch-bytes 12288]
// Loads the first N base rows into a fresh table (vector(dim), batches of at most --batch-bytes per statement:
// PGlite's socket takes small messages), builds `USING hnsw (embedding vector_cosine_ops)` with the given m and
// ef_construction (the vectors are L2-normalized: cosine order = inner-product order of the truth file), then for each
// ef sets hnsw.ef_search and runs every query one at a time on one connection: recall@k against the truth, q/s
// (wall), p50/p99 ms. Prints one JSON object. The truth must be computed over the same N rows.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Npgsql;

var opts = Parse(args);
string url = opts[""];
int dim = Int(opts, "--dim", 384), k = Int(opts, "-k", 10), m = Int(opts, "--m", 16), efc = Int(opts, "--ef-construction", 200);
int batchBytes = Int(opts, "--batch-bytes", 12 * 1024);
var efs = (opts.GetValueOrDefault("--ef") ?? "16,32,64,128,256").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
float[] base_ = ReadFloats(opts["--base"]);
int rows = opts.ContainsKey("--rows") ? Int(opts, "--rows", 0) : base_.Length / dim;
float[] queries = ReadFloats(opts["--queries"]);
int nq = queries.Length / dim;
int[] truth = ReadInts(opts["--truth"]);
int truthK = truth.Length / nq;

await using var source = NpgsqlDataSource.Create(ToConnectionString(url));
await using var conn = await source.OpenConnectionAsync();
await Exec(conn, "CREATE EXTENSION IF NOT EXISTS vector");
await Exec(conn, "DROP TABLE IF EXISTS bench_items");
await Exec(conn, $"CREATE TABLE bench_items (id integer PRIMARY KEY, embedding vector({dim}) NOT NULL)");
string version = (string)(await new NpgsqlCommand("SELECT extversion FROM pg_extension WHERE extname = 'vector'", conn).ExecuteScalarAsync())!;
string server = (string)(await new NpgsqlCommand("SELECT version()", conn).ExecuteScalarAsync())!;

var clock = Stopwatch.StartNew();
int perBatch = Math.Max(1, batchBytes / (4 * dim + 8));
for (int start = 0; start < rows; start += perBatch)
{
    int n = Math.Min(perBatch, rows - start);
    var ids = Enumerable.Range(start, n).ToArray();
    var flat = new float[n * dim];
    Array.Copy(base_, (long)start * dim, flat, 0, (long)n * dim);
    await using var insert = new NpgsqlCommand($"""
        INSERT INTO bench_items(id, embedding)
        SELECT u.id, (($2::real[])[(u.n - 1) * {dim} + 1 : u.n * {dim}])::vector({dim})
        FROM unnest($1::integer[]) WITH ORDINALITY AS u(id, n)
        """, conn);
    insert.Parameters.AddWithValue(ids);
    insert.Parameters.AddWithValue(flat);
    await insert.ExecuteNonQueryAsync();
}
double loadSeconds = clock.Elapsed.TotalSeconds;
await Exec(conn, $"SET maintenance_work_mem = '{opts.GetValueOrDefault("--maintenance-work-mem") ?? "1GB"}'");
await Exec(conn, "SET max_parallel_maintenance_workers = 0"); // one build thread, as `--threads 1` on Tailor's side
clock.Restart();
await Exec(conn, $"CREATE INDEX bench_items_hnsw ON bench_items USING hnsw (embedding vector_cosine_ops) WITH (m = {m}, ef_construction = {efc})", timeout: 0);
double buildSeconds = clock.Elapsed.TotalSeconds;
long indexBytes = (long)(await new NpgsqlCommand("SELECT pg_relation_size('bench_items_hnsw')", conn).ExecuteScalarAsync())!;

var runs = new List<Dictionary<string, object>>();
foreach (int ef in efs)
{
    await Exec(conn, $"SET hnsw.ef_search = {Math.Max(ef, k)}");
    await using var query = new NpgsqlCommand($"SELECT id FROM bench_items ORDER BY embedding <=> ($1::real[])::vector({dim}) LIMIT {k}", conn);
    var parameter = query.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Real });
    await query.PrepareAsync();
    for (int i = 0; i < Math.Min(50, nq); i++) await Search(i); // warm-up: plan cached, index pages in memory
    var times = new double[nq];
    int hits = 0;
    var wall = Stopwatch.StartNew();
    for (int i = 0; i < nq; i++)
    {
        long t0 = Stopwatch.GetTimestamp();
        var found = await Search(i);
        times[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        var expected = new HashSet<int>(truth.AsSpan(i * truthK, k).ToArray());
        hits += found.Count(expected.Contains);
    }
    double seconds = wall.Elapsed.TotalSeconds;
    Array.Sort(times);
    runs.Add(new() { ["ef"] = ef, [$"recall@{k}"] = Math.Round(hits / (double)(k * nq), 4), ["qps"] = Math.Round(nq / seconds, 1),
        ["p50_ms"] = Math.Round(times[nq / 2], 3), ["p99_ms"] = Math.Round(times[Math.Min(nq - 1, (int)Math.Ceiling(0.99 * nq) - 1)], 3) });

    async Task<List<int>> Search(int i)
    {
        parameter.Value = queries.AsSpan(i * dim, dim).ToArray();
        var ids = new List<int>(k);
        await using var r = await query.ExecuteReaderAsync();
        while (await r.ReadAsync()) ids.Add(r.GetInt32(0));
        return ids;
    }
}
await Exec(conn, "DROP TABLE bench_items");
Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
{
    ["engine"] = "pgvector " + version, ["server"] = server, ["rows"] = rows, ["dim"] = dim, ["m"] = m, ["ef_construction"] = efc, ["threads"] = 1,
    ["load_seconds"] = Math.Round(loadSeconds, 1), ["build_seconds"] = Math.Round(buildSeconds, 1), ["index_bytes"] = indexBytes, ["runs"] = runs,
}, new JsonSerializerOptions { WriteIndented = true }));
return 0;

static async Task Exec(NpgsqlConnection conn, string sql, int timeout = 30)
{
    await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = timeout };
    await cmd.ExecuteNonQueryAsync();
}

static string ToConnectionString(string url)
{
    if (!url.StartsWith("postgres", StringComparison.Ordinal)) return url;
    var u = new Uri(url);
    var user = u.UserInfo.Split(':');
    var b = new NpgsqlConnectionStringBuilder { Host = u.Host, Port = u.Port > 0 ? u.Port : 5432, Database = u.AbsolutePath.Trim('/'), Username = Uri.UnescapeDataString(user[0]) };
    if (user.Length > 1) b.Password = Uri.UnescapeDataString(user[1]);
    foreach (var pair in u.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
    {
        var kv = pair.Split('=', 2);
        b[Uri.UnescapeDataString(kv[0])] = Uri.UnescapeDataString(kv[1]);
    }
    return b.ConnectionString;
}

static float[] ReadFloats(string path)
{
    var bytes = File.ReadAllBytes(path);
    var values = new float[bytes.Length / 4];
    Buffer.BlockCopy(bytes, 0, values, 0, values.Length * 4);
    return values;
}

static int[] ReadInts(string path)
{
    var bytes = File.ReadAllBytes(path);
    var values = new int[bytes.Length / 4];
    Buffer.BlockCopy(bytes, 0, values, 0, values.Length * 4);
    return values;
}

static int Int(Dictionary<string, string> o, string key, int fallback) =>
    o.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

static Dictionary<string, string> Parse(string[] args)
{
    var o = new Dictionary<string, string>(StringComparer.Ordinal);
    for (int i = 0; i < args.Length; i++)
    {
        if (args[i].StartsWith('-') && i + 1 < args.Length) o[args[i]] = args[++i];
        else o[""] = args[i];
    }
    if (!o.ContainsKey("") || !o.ContainsKey("--base") || !o.ContainsKey("--queries") || !o.ContainsKey("--truth"))
    {
        Console.Error.WriteLine("usage: PgvectorHnsw URL --base base.f32 --queries query.f32 --truth gt.i32 [--dim 384] [--rows N] [-k 10] [--m 16] [--ef-construction 200] [--ef 16,32,64,128,256]");
        Environment.Exit(2);
    }
    return o;
}
