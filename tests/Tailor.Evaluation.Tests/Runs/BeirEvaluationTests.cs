using Tailor.Evaluation.Datasets;
using Tailor.Evaluation.Runs;
using Tailor.Retrieval;
using Tailor.Testing;

namespace Tailor.Evaluation.Tests.Runs;

/// <summary>The runner through the real knowledge base on a tiny hand-made collection.</summary>
public sealed class BeirEvaluationTests : IDisposable
{
    private readonly TempDirectory _dir = new("tailor-eval-tiny");
    private readonly BeirDataset _dataset;

    public BeirEvaluationTests()
    {
        _dir.Write("data/corpus.jsonl", """
            {"_id": "cats", "title": "Cats", "text": "Cats purr when they are content and sleep most of the day."}
            {"_id": "dogs", "title": "Dogs", "text": "Dogs bark at strangers and love long walks in the park."}
            {"_id": "birds", "title": "Birds", "text": "Birds migrate south in winter, flying thousands of kilometres."}
            {"_id": "fish", "title": "Fish", "text": "Fish breathe through gills and live in rivers, lakes and oceans."}
            """);
        _dir.Write("data/queries.jsonl", """
            {"_id": "q1", "text": "why do cats purr"}
            {"_id": "q2", "text": "bird migration in winter"}
            {"_id": "q3", "text": "quantum chromodynamics"}
            """);
        _dir.Write("data/qrels/test.tsv", "query-id\tcorpus-id\tscore\nq1\tcats\t2\nq2\tbirds\t1\nq3\tfish\t1\n");
        _dataset = BeirDataset.Load(_dir.File("data"));
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Ingests_through_the_facade_and_scores_every_judged_query()
    {
        string kb = _dir.File("kb");
        var report = await BeirEvaluation.RunAsync(_dataset, new EvaluationOptions { KnowledgeBaseDirectory = kb, Keep = true });
        Assert.Equal("data", report.Dataset);
        Assert.Equal(4, report.Documents);
        Assert.Equal(3, report.Queries);
        var lexical = Assert.Single(report.Results);
        Assert.Null(lexical.Error);
        // q1 and q2 find their document first; q3 shares no term with any document and scores 0.
        Assert.Equal(2.0 / 3, lexical.Ndcg[10], 6);
        Assert.Equal(2.0 / 3, lexical.Mrr[10], 6);
        Assert.Equal(0, lexical.Queries[2].Retrieved);
        Assert.True(lexical.IngestSeconds > 0);
        Assert.True(KnowledgeBase.Exists(kb), "--keep leaves the knowledge base");
    }

    [Fact]
    public async Task Refuses_to_overwrite_an_existing_knowledge_base()
    {
        string kb = _dir.File("existing");
        using (KnowledgeBase.Open(kb)) { }
        var ex = await Assert.ThrowsAsync<TailorException>(() => BeirEvaluation.RunAsync(_dataset, new EvaluationOptions { KnowledgeBaseDirectory = kb }));
        Assert.Contains("already holds a knowledge base", ex.Message);
        Assert.True(KnowledgeBase.Exists(kb));
    }

    [Fact]
    public async Task Unavailable_modes_are_reported_beside_the_working_one()
    {
        var report = await BeirEvaluation.RunAsync(_dataset, new EvaluationOptions { Modes = [SearchMode.Lexical, SearchMode.Vector] });
        Assert.True(report.Results[0].Succeeded);
        Assert.Equal(SearchMode.Vector, report.Results[1].Mode);
        var vector = report.Results[1];
        if (vector.Succeeded)
        {
            Assert.Contains(10, vector.Ndcg.Keys);
        }
        else
        {
            Assert.Empty(vector.Ndcg);
            Assert.False(string.IsNullOrWhiteSpace(vector.Error));
        }
        Assert.Equal(2.0 / 3, report.Results[0].Ndcg[10], 6);
    }
}
