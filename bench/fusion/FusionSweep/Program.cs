// Fusions the engine does not run (yet), measured from the rankings it does: two knowledge bases
// built from the same BEIR corpus, one with the built-in LSA embedder, one with a pretrained model
// (kept by `tailor eval --kb DIR --keep`), searched query by query; document rankings (best chunk
// per document) fused by reciprocal rank (k = 60, top 100 of each).
// usage: FusionSweep DATASET KB_LSA KB_PRETRAINED
using System.Text.Json;
using Tailor;
using Tailor.Evaluation.Datasets;
using Tailor.Evaluation.Metrics;
using Tailor.Onnx;
using Tailor.Retrieval;

OnnxEmbedders.Register();
var data = BeirDataset.Load(args[0]);
using var lsa = KnowledgeBase.OpenExisting(args[1]);
using var pre = KnowledgeBase.OpenExisting(args[2]);

async Task<string[]> Rank(KnowledgeBase kb, string q, SearchMode mode) =>
    DocumentRanking.Ids(DocumentRanking.FromHits((await kb.SearchAsync(q, new SearchOptions { K = 1000, Mode = mode })).Hits));

static string[] Fuse(params (string[] Ranking, double Weight)[] rankings)
{
    var score = new Dictionary<string, double>(StringComparer.Ordinal);
    foreach (var (ranking, weight) in rankings)
        for (int i = 0; i < Math.Min(100, ranking.Length); i++)
            score[ranking[i]] = score.GetValueOrDefault(ranking[i]) + weight / (60 + i + 1);
    return [.. score.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key)];
}

var systems = new Dictionary<string, List<(double Ndcg, double Recall, double Hit5, double Rr)>>();
void Add(string name, string[] ranking, Judgments j)
{
    var rank = Array.FindIndex(ranking, 0, Math.Min(10, ranking.Length), j.IsRelevant) + 1;
    if (!systems.TryGetValue(name, out var list)) systems[name] = list = [];
    list.Add((RankingMetrics.NdcgAt(ranking, j, 10), RankingMetrics.RecallAt(ranking, j, 100), rank is > 0 and <= 5 ? 1 : 0, rank > 0 ? 1.0 / rank : 0));
}

foreach (var q in data.JudgedQueries)
{
    var j = data.Judgments[q.Id];
    var lexical = await Rank(lsa, q.Text, SearchMode.Lexical);
    var lsaVector = await Rank(lsa, q.Text, SearchMode.Vector);
    var lsaHybrid = await Rank(lsa, q.Text, SearchMode.Hybrid);
    var preVector = await Rank(pre, q.Text, SearchMode.Vector);
    var preHybrid = await Rank(pre, q.Text, SearchMode.Hybrid);
    Add("lexical (BM25)", lexical, j);
    Add("vector LSA", lsaVector, j);
    Add("vector pretrained", preVector, j);
    Add("hybrid: BM25 + RM3 + LSA (engine)", lsaHybrid, j);
    Add("hybrid: BM25 + RM3 + pretrained (engine)", preHybrid, j);
    Add("BM25 + pretrained (RRF 1:1)", Fuse((lexical, 1), (preVector, 1)), j);
    Add("BM25 + pretrained (RRF 1:2)", Fuse((lexical, 1), (preVector, 2)), j);
    Add("hybrid(pretrained) + pretrained (RRF 1:1)", Fuse((preHybrid, 1), (preVector, 1)), j);
    Add("BM25 + LSA + pretrained (RRF 1:1:1)", Fuse((lexical, 1), (lsaVector, 1), (preVector, 1)), j);
    Add("hybrid(LSA) + pretrained (RRF 1:1)", Fuse((lsaHybrid, 1), (preVector, 1)), j);
    Add("hybrid(pretrained) + LSA (RRF 1:1)", Fuse((preHybrid, 1), (lsaVector, 1)), j);
    Add("hybrid(pretrained) + LSA (RRF 1:0.5)", Fuse((preHybrid, 1), (lsaVector, 0.5)), j);
}
foreach (var (name, list) in systems)
    Console.WriteLine(JsonSerializer.Serialize(new
    {
        system = name,
        ndcg10 = Math.Round(list.Average(x => x.Ndcg), 4),
        recall100 = Math.Round(list.Average(x => x.Recall), 4),
        hit5 = Math.Round(list.Average(x => x.Hit5), 4),
        mrr10 = Math.Round(list.Average(x => x.Rr), 4),
        queries = list.Count,
    }));
