using Tailor.Evaluation.Qa;
using Tailor.Retrieval;
using Tailor.Testing;

namespace Tailor.Evaluation.Tests.Qa;

public sealed class QaEvaluatorTests
{
    private static Hit H(string doc, string source) => new(doc, 0, source, "", 1, "", source, "");

    [Theory]
    [InlineData("handbook/vacation.md", "handbook/vacation.md", true)]
    [InlineData("vacation.md", "docs/handbook/vacation.md", true)]
    [InlineData("handbook", "handbook/vacation.md", true)]
    [InlineData("handbook/", "handbook/vacation.md", true)]
    [InlineData("cation.md", "handbook/vacation.md", false)]
    [InlineData("hand", "handbook/vacation.md", false)]
    [InlineData("handbook\\vacation.md", "/srv/kb/handbook/vacation.md", true)]
    [InlineData("https://example.com/faq", "https://example.com/faq#install", true)]
    [InlineData("https://example.com/faq", "https://example.com/faqs", false)]
    public void Expected_sources_match_on_whole_path_segments(string expected, string candidate, bool matches)
    {
        Assert.Equal(matches, SourceMatch.Matches(expected, candidate));
    }

    [Fact]
    public void Phrase_check_ignores_case_and_whitespace_differences()
    {
        Assert.True(QaEvaluator.ContainsPhrase("Contractors get\n  25 vacation days [1].", "25 VACATION days"));
        Assert.False(QaEvaluator.ContainsPhrase("Contractors get 20 days.", "25 days"));
    }

    [Fact]
    public async Task Scores_hits_answers_and_citations_per_question_and_overall()
    {
        QaQuestion[] questions =
        [
            new("How many vacation days?", ["vacation.md"], "25 days", 1),
            new("Who approves expenses?", ["expenses.md"], null, 2),
            new("Unanswerable?", [], "nothing", 3),
        ];
        var hits = new Dictionary<string, Hit[]>
        {
            ["How many vacation days?"] = [H("d-other", "handbook/other.md"), H("d-vac", "handbook/vacation.md")],
            ["Who approves expenses?"] = [H("d-other", "handbook/other.md")],
            ["Unanswerable?"] = [],
        };
        Task<SearchResult> Search(string q, SearchOptions o, CancellationToken ct) => Task.FromResult(new SearchResult(hits[q].Take(o.K).ToList()));
        Task<QaAnswer> Ask(string q, CancellationToken ct) => Task.FromResult(q switch
        {
            "How many vacation days?" => new QaAnswer("You get 25\ndays [1].", true, [new QaCitation(1, "d-vac", "handbook/vacation.md")], hits[q]),
            "Who approves expenses?" => new QaAnswer("Your manager [1] [2].", true,
                [new QaCitation(1, "d-other", "handbook/other.md"), new QaCitation(2, "d-elsewhere", "x.md")], hits[q]),
            _ => new QaAnswer("I could not find an answer.", false, [], []),
        });

        var report = await QaEvaluator.EvaluateAsync(questions, 5, Search, Ask);
        Assert.Equal(3, report.Questions);
        Assert.Equal(0.5, report.HitAtK, 12);          // 1 of 2 questions with expected sources
        Assert.Equal(0.5, report.AnswerContains, 12);  // 1 of 2 questions with a phrase
        Assert.Equal(2.0 / 3, report.CitationsValid, 12);
        Assert.Equal(2.0 / 3, report.Found, 12);
        Assert.True(report.Results[0].Hit);
        Assert.Equal(2, report.Results[0].HitRank);
        Assert.True(report.Results[0].AnswerContains);
        Assert.False(report.Results[1].Hit);
        Assert.Null(report.Results[1].AnswerContains);
        Assert.Equal([2], report.Results[1].InvalidCitations);
        Assert.Null(report.Results[2].Hit);
        Assert.False(report.Results[2].AnswerContains);
        // the first question's best quote is from vacation.md, the second's from other.md (not expected.md)
        Assert.Equal(0.5, report.CitesExpected, 12);
        Assert.True(report.Results[0].CitesExpected);
        Assert.False(report.Results[1].CitesExpected);
        Assert.Null(report.Results[2].CitesExpected);
        Assert.Contains("\"cites_expected\": 0.5", QaJson.Serialize(report));

        var k1 = await QaEvaluator.EvaluateAsync(questions, 1, Search, Ask);
        Assert.Equal(0, k1.HitAtK); // the expected source is only at rank 2
    }

    [Fact]
    public void Question_file_errors_name_the_line()
    {
        using var dir = new TempDirectory("tailor-qa");
        var path = dir.Write("q.jsonl", "{\"question\":\"a?\",\"expected_sources\":[\"a.md\"],\"answer\":\"x\"}\n\n{\"question\":\"b?\",\"expected_sources\":\"b.md\"}\n");
        var ex = Assert.Throws<TailorException>(() => QaQuestionReader.Read(path));
        Assert.Contains("q.jsonl line 3:", ex.Message);
        Assert.Contains("expected_sources", ex.Message);

        dir.Write("ok.jsonl", "{\"question\":\"a?\",\"expected_sources\":[\"a.md\"],\"answer\":\"x\"}\n{\"question\":\"b?\",\"expected_sources\":[]}\n");
        var questions = QaQuestionReader.Read(dir.File("ok.jsonl"));
        Assert.Equal(2, questions.Count);
        Assert.Equal("x", questions[0].Answer);
        Assert.Null(questions[1].Answer);
        Assert.Equal(2, questions[1].Line);

        Assert.Contains("\"question\" must be", Assert.Throws<TailorException>(() => QaQuestionReader.Parse("{\"expected_sources\":[]}", "f", 4)).Message);
        Assert.Contains("f line 9: not valid JSON", Assert.Throws<TailorException>(() => QaQuestionReader.Parse("{", "f", 9)).Message);
    }
}
