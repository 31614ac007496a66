using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Tailor.Tokenization;

namespace Tailor.Benchmarks.Tokenization;

/// <summary>
/// Encode and count throughput of the BPE tokenizer. Text: the file in TAILOR_BENCH_TEXT, else the
/// golden texts repeated to about 1 MB. Vocabularies: TAILOR_TOKENIZER_DIR, else ../shared/data/tokenizers
/// beside the repository. The side-by-side comparison with tiktoken is bench/tokenizer/run.sh.
/// </summary>
[MemoryDiagnoser]
public class TokenizerBenchmarks
{
    private string _text = "";
    private Tokenizer _tokenizer = null!;
    private int[] _ids = [];

    [Params("cl100k_base", "o200k_base")]
    public string Encoding { get; set; } = "cl100k_base";

    [GlobalSetup]
    public void Setup()
    {
        string vocabDir = Environment.GetEnvironmentVariable("TAILOR_TOKENIZER_DIR") ?? Path.Combine(RepoRoot(), "..", "shared", "data", "tokenizers");
        _tokenizer = Tokenizer.Load(TokenEncoding.GetBuiltIn(Encoding), Path.Combine(vocabDir, Encoding + ".tiktoken"));
        var textFile = Environment.GetEnvironmentVariable("TAILOR_BENCH_TEXT");
        if (!string.IsNullOrEmpty(textFile))
        {
            _text = File.ReadAllText(textFile);
        }
        else
        {
            var sb = new StringBuilder();
            var lines = File.ReadAllLines(Path.Combine(vocabDir, "golden.jsonl"));
            while (sb.Length < 1_000_000)
            {
                foreach (var line in lines)
                {
                    using var doc = JsonDocument.Parse(line);
                    sb.Append(doc.RootElement.GetProperty("text").GetString()).Append('\n');
                }
            }
            _text = sb.ToString();
        }
        _ids = _tokenizer.EncodeOrdinary(_text);
    }

    [Benchmark]
    public int EncodeOrdinary() => _tokenizer.EncodeOrdinary(_text).Length;

    [Benchmark]
    public int CountTokens() => _tokenizer.CountTokens(_text);

    [Benchmark]
    public int Decode() => _tokenizer.Decode(_ids).Length;

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tailor.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException("Set TAILOR_TOKENIZER_DIR: the repository root (Tailor.slnx) was not found above " + AppContext.BaseDirectory);
    }
}
