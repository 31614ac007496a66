// In-process latency of KnowledgeBase.SearchAsync (and the extractive AskAsync) on the queries the HTTP benchmark sends:
//   dotnet run -c Release --project bench/server/SearchLatency -- KB_DIR QUERIES_FILE [ROUNDS]
// Prints one JSON line per verb: p50/p99 in milliseconds over ROUNDS passes of the queries, one at a time.
using System.Diagnostics;
using System.Globalization;
using Tailor;
using Tailor.Retrieval;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: SearchLatency KB_DIR QUERIES_FILE [ROUNDS]");
    return 2;
}
var queries = File.ReadAllLines(args[1]).Where(l => l.Length > 0).ToArray();
int rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
using var kb = KnowledgeBase.OpenExisting(args[0]);
foreach (var q in queries) await kb.SearchAsync(q, new SearchOptions { K = 10 }); // warm up: indexes loaded, JIT done
Report("search", await Measure(q => kb.SearchAsync(q, new SearchOptions { K = 10 })));
Report("ask", await Measure(q => kb.AskAsync(q)));
return 0;

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
