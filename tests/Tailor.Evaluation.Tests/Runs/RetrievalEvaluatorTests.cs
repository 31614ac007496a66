using Tailor.Evaluation.Datasets;
using Tailor.Evaluation.Runs;
using Tailor.Retrieval;
using Tailor.Testing;

namespace Tailor.Evaluation.Tests.Runs;

public sealed class RetrievalEvaluatorTests : IDisposable
{
    private readonly TempDirectory _dir = new("tailor-eval-run");
    private readonly BeirDataset _dataset;

    public RetrievalEvaluatorTests()
    {
        _dir.Write("corpus.jsonl", "{\"_id\":\"a\",\"text\":\"x\"}\n{\"_id\":\"b\",\"text\":\"y\"}\n{\"_id\":\"c\",\"text\":\"z\"}\n");
        _dir.Write("queries.jsonl", "{\"_id\":\"q1\",\"text\":\"first\"}\n{\"_id\":\"q2\",\"text\":\"second\"}\n");
        _dir.Write("qrels/test.tsv", "query-id\tcorpus-id\tscore\nq1\ta\t1\nq1\tb\t1\nq2\tc\t2\n");
        _dataset = BeirDataset.Load(_dir.Path);
    }

    public void Dispose() => _dir.Dispose();

    private static Hit H(string doc, double score) => new(doc, 0, doc, "", score, "", "", "");

    // q1: chunks of a (twice) and b -> documents a, b: perfect. q2: nothing relevant retrieved.
    private static Task<SearchResult> Fake(string query, SearchOptions options, CancellationToken ct) =>
        Task.FromResult(new SearchResult(query == "first" ? [H("a", 3), H("a", 2.5), H("b", 2)] : [H("a", 1)]));

    [Fact]
    public async Task Means_are_over_judged_queries_and_a_query_without_relevant_hits_counts_zero()
    {
        var seen = new List<SearchOptions>();
        Task<SearchResult> Search(string q, SearchOptions o, CancellationToken ct) { seen.Add(o); return Fake(q, o, ct); }
        var result = await RetrievalEvaluator.EvaluateAsync(_dataset, SearchMode.Lexical, Search, new EvaluationOptions { Depth = 50, Cutoffs = [3] });
        Assert.Null(result.Error);
        Assert.Equal(0.5, result.Ndcg[10], 12);
        Assert.Equal(0.5, result.Recall[100], 12);
        Assert.Equal(0.5, result.Mrr[10], 12);
        Assert.Equal(0.5, result.Map, 12);
        Assert.Equal(2.0 / 10 / 2, result.Precision[10], 12);
        Assert.Equal(2.0 / 3 / 2, result.Precision[3], 12);
        Assert.Equal([1, 2, 3, 5, 10, 20, 50, 100], result.Cutoffs);
        Assert.Equal(2, result.Queries.Count);
        Assert.Equal(2, result.Queries[0].Retrieved);
        Assert.All(seen, o => Assert.Equal(50, o.K));
        Assert.Equal(3, seen.Count); // one untimed warm-up search plus one per query
        Assert.True(result.QueryMsP99 >= result.QueryMsP50);
    }

    [Fact]
    public async Task A_mode_the_engine_refuses_is_reported_not_thrown()
    {
        static Task<SearchResult> Refuse(string q, SearchOptions o, CancellationToken ct) =>
            throw new TailorException("vector search is not available yet.");
        var result = await RetrievalEvaluator.EvaluateAsync(_dataset, SearchMode.Vector, Refuse);
        Assert.False(result.Succeeded);
        Assert.Equal("vector", result.Name);
        Assert.Contains("not available", result.Error);
    }

    [Fact]
    public void Options_are_validated()
    {
        Assert.Throws<TailorException>(() => new EvaluationOptions { Depth = 0 }.Validate());
        Assert.Throws<TailorException>(() => new EvaluationOptions { Cutoffs = [0] }.Validate());
        Assert.Throws<TailorException>(() => new EvaluationOptions { Modes = [] }.Validate());
        Assert.Equal([1, 2, 5, 10, 20, 50, 100, 200, 500, 1000], new EvaluationOptions().AllCutoffs());
    }
}
