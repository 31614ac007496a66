using BenchmarkDotNet.Attributes;
using Tailor.Lexical;

namespace Tailor.Benchmarks.Lexical;

/// <summary>
/// BM25 search over a synthetic index of Zipf-distributed terms (100 terms per chunk, vocabulary of
/// one word per chunk, at most 1M). Each invocation runs 100 different queries and the reported
/// time is per query. Run: <c>dotnet run -c Release --project bench/Tailor.Benchmarks -- --filter *LexicalSearch*</c>.
/// </summary>
[MemoryDiagnoser]
public class LexicalSearchBenchmarks
{
    private const int QueriesPerInvocation = 100;
    private LexicalIndex _index = null!;
    private List<string>[] _queries = [];

    [Params(100_000, 1_000_000)]
    public int Chunks { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var corpus = new SyntheticCorpus(vocabulary: Math.Min(Chunks, 1_000_000));
        _index = new LexicalIndex(new LexicalOptions());
        var terms = new List<string>(100);
        for (int d = 1; d <= Chunks; d++) _index.Add(d, corpus.NextChunk(100, terms));
        _index.Prepare();
        _queries = corpus.Queries(QueriesPerInvocation);
    }

    [Benchmark(OperationsPerInvoke = QueriesPerInvocation)]
    public int Search()
    {
        int found = 0;
        foreach (var q in _queries) found += _index.Search(q, 10).Count;
        return found;
    }

    [Benchmark(OperationsPerInvoke = QueriesPerInvocation)]
    public int SearchWithFeedback()
    {
        int found = 0;
        foreach (var q in _queries) found += _index.SearchWithFeedback(q, 10).Count;
        return found;
    }
}
