using System.Text.Json;
using Tailor.Lexical;
using Tailor.Testing;

namespace Tailor.Tests.Lexical;

/// <summary>
/// Guards the lexical quality target on the CISI collection (BEIR layout, shared data): nDCG@10 as
/// trec_eval defines it (gain = relevance, discount log2(rank + 1), ideal ranking from the judgments).
/// </summary>
public class CisiQualityTests
{
    private const double XapianBm25Ndcg10 = 0.386;

    private static readonly Lazy<(LexicalIndex Index, Analyzer Analyzer, string[] DocIds, List<(string Id, string Text)> Queries, Dictionary<string, Dictionary<string, int>> Qrels)> Cisi = new(Load);

    private static (LexicalIndex, Analyzer, string[], List<(string, string)>, Dictionary<string, Dictionary<string, int>>) Load()
    {
        var options = new LexicalOptions();
        var analyzer = new Analyzer(options);
        var index = new LexicalIndex(options);
        var ids = new List<string>();
        foreach (var line in File.ReadLines(Path.Combine(RepoPaths.Cisi, "corpus.jsonl")))
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            ids.Add(root.GetProperty("_id").GetString()!);
            var title = root.TryGetProperty("title", out var t) ? t.GetString() : "";
            index.Add(ids.Count, analyzer.Analyze(title + " " + root.GetProperty("text").GetString()));
        }
        var queries = new List<(string, string)>();
        foreach (var line in File.ReadLines(Path.Combine(RepoPaths.Cisi, "queries.jsonl")))
        {
            using var doc = JsonDocument.Parse(line);
            queries.Add((doc.RootElement.GetProperty("_id").GetString()!, doc.RootElement.GetProperty("text").GetString()!));
        }
        var qrels = new Dictionary<string, Dictionary<string, int>>();
        foreach (var line in File.ReadLines(Path.Combine(RepoPaths.Cisi, "qrels", "test.tsv")).Skip(1))
        {
            var parts = line.Split('\t');
            if (!qrels.TryGetValue(parts[0], out var judged)) qrels[parts[0]] = judged = new();
            judged[parts[1]] = int.Parse(parts[2]);
        }
        return (index, analyzer, ids.ToArray(), queries, qrels);
    }

    private static (double Ndcg10, int Queries) Measure(Func<LexicalIndex, IReadOnlyList<string>, IReadOnlyList<LexicalHit>> search)
    {
        var (index, analyzer, docIds, queries, qrels) = Cisi.Value;
        double sum = 0;
        int n = 0;
        foreach (var (id, text) in queries)
        {
            if (!qrels.TryGetValue(id, out var judged)) continue;
            n++;
            var hits = search(index, analyzer.Analyze(text));
            double dcg = 0;
            for (int i = 0; i < Math.Min(10, hits.Count); i++)
            {
                if (judged.TryGetValue(docIds[hits[i].ChunkId - 1], out int gain) && gain > 0) dcg += gain / Math.Log2(i + 2);
            }
            var ideal = judged.Values.Where(g => g > 0).OrderDescending().Take(10).ToArray();
            double idcg = 0;
            for (int i = 0; i < ideal.Length; i++) idcg += ideal[i] / Math.Log2(i + 2);
            sum += idcg > 0 ? dcg / idcg : 0;
        }
        return (sum / n, n);
    }

    [Fact]
    public void Bm25_with_default_options_reaches_xapian_on_cisi()
    {
        var (ndcg, queries) = Measure((index, terms) => index.Search(terms, 10));
        Assert.Equal(76, queries);
        Assert.True(ndcg >= XapianBm25Ndcg10, $"nDCG@10 {ndcg:F4} < {XapianBm25Ndcg10}");
    }

    [Fact]
    public void Rm3_feedback_improves_on_bm25_on_cisi()
    {
        var (plain, _) = Measure((index, terms) => index.Search(terms, 10));
        var (feedback, _) = Measure((index, terms) => index.SearchWithFeedback(terms, 10));
        Assert.True(feedback > plain, $"RM3 nDCG@10 {feedback:F4} <= BM25 {plain:F4}");
    }
}
