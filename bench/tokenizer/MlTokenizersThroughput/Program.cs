using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.ML.Tokenizers;

// Usage: MlTokenizersThroughput <text-file> <encoding> [runs] [ids-out]
// Encodes the whole file with Microsoft.ML.Tokenizers' TiktokenTokenizer (vocabulary from its data packages)
// on one thread, `runs` times after one warm-up, each run with a fresh tokenizer (empty cache);
// prints one JSON line with the median and best MB/s, in the layout of TokenizerThroughput.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: MlTokenizersThroughput <text-file> <encoding> [runs] [ids-out]");
    return 2;
}
string text = File.ReadAllText(args[0], Encoding.UTF8);
double megabytes = Encoding.UTF8.GetByteCount(text) / 1e6;
string encoding = args[1];
int runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;

IReadOnlyList<int> ids = TiktokenTokenizer.CreateForEncoding(encoding).EncodeToIds(text); // warm-up (JIT), not timed
var seconds = new List<double>();
for (int r = 0; r < runs; r++)
{
    var tokenizer = TiktokenTokenizer.CreateForEncoding(encoding);
    var sw = Stopwatch.StartNew();
    ids = tokenizer.EncodeToIds(text);
    sw.Stop();
    seconds.Add(sw.Elapsed.TotalSeconds);
}
seconds.Sort();
double median = seconds[seconds.Count / 2];
if (args.Length > 3) File.WriteAllText(args[3], string.Join('\n', ids) + "\n");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{{\"impl\":\"ml-tokenizers\",\"encoding\":\"{encoding}\",\"megabytes\":{megabytes:F3},\"tokens\":{ids.Count},\"runs\":{runs},\"median_seconds\":{median:F4},\"median_mb_per_s\":{megabytes / median:F2},\"best_mb_per_s\":{megabytes / seconds[0]:F2}}}"));
return 0;
