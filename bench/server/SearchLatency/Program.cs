// In-process latency of KnowledgeBase.SearchAsync (and the extractive AskAsync) on the queries the HTTP benchmark sends:
//   dotnet run -c Release --project bench/server/SearchLatency -- KB_DIR QUERIES_FILE [ROUNDS] [WARMUP_SECONDS]
// Prints one JSON line per verb: p50/p99 in milliseconds over ROUNDS passes of the queries, one at a time, after
// WARMUP_SECONDS (default 10) of the same queries.
using System.Diagnostics;
using System.Globalization;
using Tailor;
using Tailor.Retrieval;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: SearchLatency KB_DIR QUERIES_FILE [ROUNDS] [WARMUP_SECONDS]");
    return 2;
}
var queries = File.ReadAllLines(args[1]).Where(l => l.Length > 0).ToArray();
int rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
Tailor.Onnx.OnnxEmbedders.Register(); // the pretrained embedders (the default of new knowledge bases), as the tailor command registers them
using var kb = KnowledgeBase.OpenExisting(args[0]);
// Each verb is warmed up as long as the HTTP benchmark warms up the server (10 s): tiered JIT recompiles hot methods
// after about 30 calls and a background delay, so one pass of the queries would measure mostly tier-0 code.
var warmUp = TimeSpan.FromSeconds(args.Length > 3 ? double.Parse(args[3], CultureInfo.InvariantCulture) : 10);
Func<string, Task> search = q => kb.SearchAsync(q, new SearchOptions { K = 10 });
Func<string, Task> ask = q => kb.AskAsync(q);
await WarmUp(search);
Report("search", await Measure(search));
await WarmUp(ask);
Report("ask", await Measure(ask));
return 0;

async Task WarmUp(Func<string, Task> run)
{
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed < warmUp)
        foreach (var q in queries) await run(q);
}

async Task<List<double>> Measure(Func<string, Task> run)
{
    var times = new List<double>(queries.Length * rounds);
    for (int r = 0; r < rounds; r++)
        foreach (var q in queries)
        {
            long start = Stopwatch.GetTimestamp();
            await run(q);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
    times.Sort();
    return times;
}

void Report(string verb, List<double> sorted)
{
    double P(double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{{\"verb\":\"{verb}\",\"in_process\":true,\"n\":{sorted.Count},\"p50_ms\":{P(0.5):F2},\"p99_ms\":{P(0.99):F2}}}"));
}
