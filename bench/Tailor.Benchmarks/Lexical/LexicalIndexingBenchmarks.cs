using BenchmarkDotNet.Attributes;
using Tailor.Lexical;

namespace Tailor.Benchmarks.Lexical;

/// <summary>Analyzer throughput on English prose and index build throughput (Add of 100k synthetic chunks).</summary>
[MemoryDiagnoser]
public class LexicalIndexingBenchmarks
{
    private const int Chunks = 100_000;
    private List<string>[] _chunks = [];
    private string _prose = "";
    private readonly Analyzer _analyzer = new(new LexicalOptions());
    private readonly List<string> _terms = new();

    [GlobalSetup]
    public void Setup()
    {
        var corpus = new SyntheticCorpus(vocabulary: 200_000);
        _chunks = new List<string>[Chunks];
        for (int d = 0; d < Chunks; d++) _chunks[d] = corpus.NextChunk(100);
        const string sentence = "The retrieval of relevant documents depends on indexing, weighting and the users' queries; " +
            "classification schemes (Dewey, UDC) organized 1,000s of libraries in 1970-1990. ";
        _prose = string.Concat(Enumerable.Repeat(sentence, 100));
    }

    /// <summary>Builds an index of 100k chunks × 100 terms (10M terms).</summary>
    [Benchmark]
    public int Add()
    {
        var index = new LexicalIndex(new LexicalOptions());
        for (int d = 0; d < _chunks.Length; d++) index.Add(d + 1, _chunks[d]);
        return index.Count;
    }

    /// <summary>Analyzes about 19 KB of English prose.</summary>
    [Benchmark]
    public int Analyze()
    {
        _terms.Clear();
        _analyzer.Analyze(_prose, _terms);
        return _terms.Count;
    }
}
