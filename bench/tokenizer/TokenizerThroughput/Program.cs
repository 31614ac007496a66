using System.Diagnostics;
using System.Globalization;
using System.Text;
using Tailor.Tokenization;

// Usage: TokenizerThroughput <text-file> <vocab-dir> <encoding> [runs] [ids-out]
//        TokenizerThroughput --check <cases.jsonl> <vocab-dir>
// --check compares Tailor with tiktoken ids stored in golden.jsonl layout (see make_random_cases.mjs).
// Otherwise: encodes the whole file (tiktoken's encode_ordinary) on one thread, `runs` times, each run with
// a fresh tokenizer (empty piece cache); prints one JSON line with the median and best MB/s.
if (args.Length == 3 && args[0] == "--check") return Check(args[1], args[2]);
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: TokenizerThroughput <text-file> <vocab-dir> <encoding> [runs] [ids-out]");
    return 2;
}
string text = File.ReadAllText(args[0], Encoding.UTF8);
double megabytes = Encoding.UTF8.GetByteCount(text) / 1e6;
var encoding = TokenEncoding.GetBuiltIn(args[2]);
var ranks = BpeRanks.Load(Path.Combine(args[1], encoding.FileName));
int runs = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 5;

int[] ids = new Tokenizer(encoding, ranks).EncodeOrdinary(text); // warm-up (JIT), not timed
var seconds = new List<double>();
for (int r = 0; r < runs; r++)
{
    var tokenizer = new Tokenizer(encoding, ranks);
    var sw = Stopwatch.StartNew();
    ids = tokenizer.EncodeOrdinary(text);
    sw.Stop();
    seconds.Add(sw.Elapsed.TotalSeconds);
}
seconds.Sort();
double median = seconds[seconds.Count / 2];
if (args.Length > 4) File.WriteAllText(args[4], string.Join('\n', ids) + "\n");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{{\"impl\":\"tailor\",\"encoding\":\"{encoding.Name}\",\"megabytes\":{megabytes:F3},\"tokens\":{ids.Length},\"runs\":{runs},\"median_seconds\":{median:F4},\"median_mb_per_s\":{megabytes / median:F2},\"best_mb_per_s\":{megabytes / seconds[0]:F2}}}"));
return 0;

static int Check(string casesFile, string vocabDir)
{
    var tokenizers = new Dictionary<string, Tokenizer>();
    int cases = 0, failures = 0;
    foreach (var line in File.ReadLines(casesFile))
    {
        if (string.IsNullOrWhiteSpace(line)) continue;
        using var doc = System.Text.Json.JsonDocument.Parse(line);
        var root = doc.RootElement;
        string name = root.GetProperty("encoding").GetString()!;
        string text = root.GetProperty("text").GetString()!;
        var expected = root.GetProperty("tokens").EnumerateArray().Select(t => t.GetInt32()).ToArray();
        if (!tokenizers.TryGetValue(name, out var tokenizer))
            tokenizers[name] = tokenizer = Tokenizer.Load(TokenEncoding.GetBuiltIn(name), Path.Combine(vocabDir, name + ".tiktoken"));
        var actual = tokenizer.EncodeOrdinary(text);
        cases++;
        bool same = actual.AsSpan().SequenceEqual(expected) && tokenizer.Decode(actual) == text;
        if (!same && ++failures <= 10)
            Console.WriteLine($"MISMATCH {name} {System.Text.Json.JsonSerializer.Serialize(text)}\n  tiktoken [{string.Join(",", expected)}]\n  tailor   [{string.Join(",", actual)}]");
    }
    Console.WriteLine($"checked {cases} cases: {cases - failures} identical, {failures} different");
    return failures == 0 ? 0 : 1;
}
