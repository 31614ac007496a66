using Tailor.Evaluation.Qa;
using Tailor.Testing;

namespace Tailor.Evaluation.Tests.Qa;

/// <summary>QA evaluation through the real knowledge base on the quickstart samples.</summary>
public sealed class QuickstartQaTests
{
    [Fact]
    public async Task Quickstart_questions_find_their_sources_and_cite_only_retrieved_ones()
    {
        string samples = Path.Combine(RepoPaths.Samples, "quickstart");
        var questions = QaQuestionReader.Read(Path.Combine(samples, "questions.jsonl"));
        using var dir = new TempDirectory("tailor-eval-qa");
        using var kb = KnowledgeBase.Open(dir.File("kb"));
        var ingest = await kb.IngestAsync([Path.Combine(samples, "handbook"), Path.Combine(samples, "product")]);
        Assert.Equal(0, ingest.Failed);

        var report = await QaEvaluator.EvaluateAsync(kb, questions, 5);
        Assert.Equal(questions.Count, report.Results.Count);
        Assert.True(report.HitAtK >= 0.9, $"hit@5 is {report.HitAtK:0.00}; missed: {string.Join(" | ", report.Results.Where(r => r.Hit == false).Select(r => r.Question))}");
        Assert.Equal(1, report.CitationsValid);
        Assert.All(report.Results, r => Assert.True(r.Citations > 0 || !r.Found, $"line {r.Line}: an answer without citations"));
    }
}
