namespace Tailor.Benchmarks.Lexical;

/// <summary>
/// Deterministic synthetic chunks whose terms follow a Zipf distribution (exponent 1) over a fixed
/// vocabulary, drawn with Vose's alias method; queries draw from the same distribution, so common
/// terms with very long posting lists appear in queries too (a pessimistic load).
/// </summary>
public sealed class SyntheticCorpus
{
    private readonly double[] _probability;
    private readonly int[] _alias;
    private readonly Random _random;

    public SyntheticCorpus(int vocabulary, double exponent = 1.0, int seed = 42)
    {
        Words = new string[vocabulary];
        for (int i = 0; i < vocabulary; i++) Words[i] = "w" + i.ToString("x");
        _random = new Random(seed);
        _probability = new double[vocabulary];
        _alias = new int[vocabulary];
        var scaled = new double[vocabulary];
        double sum = 0;
        for (int i = 0; i < vocabulary; i++) sum += scaled[i] = 1.0 / Math.Pow(i + 1, exponent);
        for (int i = 0; i < vocabulary; i++) scaled[i] *= vocabulary / sum;
        var small = new Stack<int>();
        var large = new Stack<int>();
        for (int i = 0; i < vocabulary; i++) (scaled[i] < 1 ? small : large).Push(i);
        while (small.Count > 0 && large.Count > 0)
        {
            int s = small.Pop(), l = large.Pop();
            _probability[s] = scaled[s];
            _alias[s] = l;
            scaled[l] += scaled[s] - 1;
            (scaled[l] < 1 ? small : large).Push(l);
        }
        while (large.Count > 0) _probability[large.Pop()] = 1;
        while (small.Count > 0) _probability[small.Pop()] = 1;
    }

    public string[] Words { get; }

    public string NextWord()
    {
        int i = _random.Next(_probability.Length);
        return Words[_random.NextDouble() < _probability[i] ? i : _alias[i]];
    }

    public List<string> NextChunk(int terms, List<string>? reuse = null)
    {
        var list = reuse ?? new List<string>(terms);
        list.Clear();
        for (int j = 0; j < terms; j++) list.Add(NextWord());
        return list;
    }

    /// <summary>Queries of 2 to 8 terms.</summary>
    public List<string>[] Queries(int count)
    {
        var queries = new List<string>[count];
        for (int q = 0; q < count; q++) queries[q] = NextChunk(2 + _random.Next(7));
        return queries;
    }
}
