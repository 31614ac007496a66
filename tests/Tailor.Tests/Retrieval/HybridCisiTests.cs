using System.Numerics.Tensors;
using System.Text.Json;
using Tailor.Embedding;
using Tailor.Lexical;
using Tailor.Retrieval;
using Tailor.Testing;

namespace Tailor.Tests.Retrieval;

/// <summary>
/// Guards the claim that makes hybrid the default: on CISI, BM25 for the query as typed fused with the
/// built-in LSA embedder (the query embedding moved toward the top hits of BM25 with RM3) ranks better
/// than BM25 alone.
/// </summary>
public class HybridCisiTests
{
    [Fact]
    public async Task Hybrid_with_the_built_in_embedder_beats_lexical_alone_on_cisi()
    {
        var (texts, queries, judgments) = LoadCisi();
        var analyzer = new Analyzer(new LexicalOptions());
        var index = new LexicalIndex(new LexicalOptions());
        for (int i = 0; i < texts.Count; i++) index.Add(i + 1, analyzer.Analyze(texts[i]));
        var embedder = LsaEmbedder.Train(texts, analyzer.Analyze);
        var documents = await embedder.EmbedDocumentsAsync(texts);
        var options = new FusionOptions();

        double lexicalTotal = 0, hybridTotal = 0;
        foreach (var (id, text) in queries)
        {
            var typed = index.Search(analyzer.Analyze(text), options.CandidateDepth)
                .Select(h => new FusionItem(h.ChunkId, h.Score)).ToList();
            var expanded = index.SearchWithFeedback(analyzer.Analyze(text), options.FeedbackDocuments)
                .Select(h => new FusionItem(h.ChunkId, h.Score)).ToList();
            var feedback = expanded.Take(options.FeedbackDocuments).Select(h => documents[h.Id - 1]).ToList();
            var query = VectorFeedback.Expand(embedder.Embed(text), feedback, options.FeedbackQueryWeight);
            var vector = Enumerable.Range(0, texts.Count)
                .Select(d => new FusionItem(d + 1, TensorPrimitives.Dot<float>(query, documents[d])))
                .OrderByDescending(h => h.Score).ThenBy(h => h.Id).Take(options.CandidateDepth).ToList();
            var hybrid = HybridRanking.Rank(typed, vector, options, options.CandidateDepth).Select(h => h.Id).ToList();

            lexicalTotal += NdcgAt10(typed.Select(h => h.Id).ToList(), judgments[id]);
            hybridTotal += NdcgAt10(hybrid, judgments[id]);
        }
        double lexicalNdcg = lexicalTotal / queries.Count, hybridNdcg = hybridTotal / queries.Count;

        Assert.Equal(76, queries.Count);
        Assert.True(hybridNdcg > lexicalNdcg + 0.01, $"hybrid nDCG@10 {hybridNdcg:F3} vs lexical {lexicalNdcg:F3}");
        Assert.True(hybridNdcg > 0.43, $"hybrid nDCG@10 {hybridNdcg:F3}");
    }

    private static double NdcgAt10(List<long> ranked, HashSet<long> relevant)
    {
        double dcg = 0, ideal = 0;
        for (int r = 0; r < Math.Min(10, ranked.Count); r++)
        {
            if (relevant.Contains(ranked[r])) dcg += 1 / Math.Log2(r + 2);
        }
        for (int r = 0; r < Math.Min(10, relevant.Count); r++) ideal += 1 / Math.Log2(r + 2);
        return dcg / ideal;
    }

    /// <summary>Corpus texts (title + text; chunk id = line number), judged queries and their relevant chunk ids.</summary>
    private static (List<string> Texts, List<(string Id, string Text)> Queries, Dictionary<string, HashSet<long>> Judgments) LoadCisi()
    {
        var texts = new List<string>();
        var ordinal = new Dictionary<string, long>();
        foreach (var line in File.ReadLines(Path.Combine(RepoPaths.Cisi, "corpus.jsonl")))
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            ordinal[root.GetProperty("_id").GetString()!] = texts.Count + 1;
            texts.Add(root.GetProperty("title").GetString() + " " + root.GetProperty("text").GetString());
        }
        var judgments = new Dictionary<string, HashSet<long>>();
        foreach (var line in File.ReadLines(Path.Combine(RepoPaths.Cisi, "qrels", "test.tsv")).Skip(1))
        {
            var parts = line.Split('\t');
            if (int.Parse(parts[2]) <= 0) continue;
            if (!judgments.TryGetValue(parts[0], out var set)) judgments[parts[0]] = set = [];
            set.Add(ordinal[parts[1]]);
        }
        var queries = new List<(string, string)>();
        foreach (var line in File.ReadLines(Path.Combine(RepoPaths.Cisi, "queries.jsonl")))
        {
            using var json = JsonDocument.Parse(line);
            var id = json.RootElement.GetProperty("_id").GetString()!;
            if (judgments.ContainsKey(id)) queries.Add((id, json.RootElement.GetProperty("text").GetString()!));
        }
        return (texts, queries, judgments);
    }
}
