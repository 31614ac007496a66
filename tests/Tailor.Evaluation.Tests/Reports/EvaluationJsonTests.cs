using System.Text.Json;
using Tailor.Evaluation.Reports;
using Tailor.Evaluation.Runs;
using Tailor.Retrieval;

namespace Tailor.Evaluation.Tests.Reports;

public sealed class EvaluationJsonTests
{
    internal static EvaluationReport Sample() => new("cisi", 1460, 76,
    [
        new ModeEvaluation
        {
            Mode = SearchMode.Lexical,
            Cutoffs = [1, 2, 5, 10, 20, 50, 100],
            Ndcg = new Dictionary<int, double> { [1] = 0.5, [2] = 0.45, [5] = 0.42, [10] = 0.401234567, [20] = 0.38, [50] = 0.40, [100] = 0.42 },
            Recall = new Dictionary<int, double> { [1] = 0.02, [2] = 0.04, [5] = 0.09, [10] = 0.15, [20] = 0.22, [50] = 0.33, [100] = 0.447 },
            Mrr = new Dictionary<int, double> { [1] = 0.5, [2] = 0.55, [5] = 0.58, [10] = 0.6, [20] = 0.6, [50] = 0.6, [100] = 0.6 },
            Precision = new Dictionary<int, double> { [1] = 0.5, [2] = 0.45, [5] = 0.4, [10] = 0.33, [20] = 0.25, [50] = 0.15, [100] = 0.1 },
            Map = 0.2,
            IngestSeconds = 1.23456,
            QueryMsP50 = 0.5,
            QueryMsP99 = 2.25,
        },
        new ModeEvaluation { Mode = SearchMode.Vector, Error = "vector search is not available yet." },
    ]);

    [Fact]
    public void Writes_the_cli_contract_keys_verbatim()
    {
        using var json = JsonDocument.Parse(EvaluationJson.Serialize(Sample()));
        var root = json.RootElement;
        Assert.Equal(["dataset", "documents", "queries", "results"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("cisi", root.GetProperty("dataset").GetString());
        Assert.Equal(76, root.GetProperty("queries").GetInt32());
        var lexical = root.GetProperty("results")[0];
        Assert.Equal(["mode", "ndcg@10", "recall@100", "mrr@10", "map", "p@10", "ingest_seconds", "query_ms_p50", "query_ms_p99"],
            lexical.EnumerateObject().Select(p => p.Name));
        Assert.Equal("lexical", lexical.GetProperty("mode").GetString());
        Assert.Equal(0.4012, lexical.GetProperty("ndcg@10").GetDouble());
        Assert.Equal(1.235, lexical.GetProperty("ingest_seconds").GetDouble());
        var vector = root.GetProperty("results")[1];
        Assert.Equal("vector", vector.GetProperty("mode").GetString());
        Assert.Contains("not available", vector.GetProperty("error").GetString());
        Assert.False(vector.TryGetProperty("ndcg@10", out _));
    }

    [Fact]
    public void Extra_cutoffs_add_keys_once()
    {
        using var json = JsonDocument.Parse(EvaluationJson.Serialize(Sample(), [5, 10]));
        var lexical = json.RootElement.GetProperty("results")[0];
        Assert.Equal(0.42, lexical.GetProperty("ndcg@5").GetDouble());
        Assert.Equal(0.09, lexical.GetProperty("recall@5").GetDouble());
        Assert.Equal(0.15, lexical.GetProperty("recall@10").GetDouble());
        Assert.Equal(1, lexical.EnumerateObject().Count(p => p.Name == "ndcg@10"));
    }
}
