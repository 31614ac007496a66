using Tailor.Answering;
using Tailor.Lexical;
using Tailor.Onnx.Models;
using Tailor.Retrieval;

namespace Tailor.Onnx.Tests.Answering;

/// <summary>The offline answerer with a pretrained model's judgement by meaning, on texts written for these tests.</summary>
public sealed class MeaningAnswerTests
{
    private static readonly Hit[] Hits =
    [
        new("ops/standby.md", 1, "ops/standby.md", "Running a standby", 0.9,
            "A standby server continuously applies the write-ahead log shipped from the primary, so it holds an up-to-date replica that can take over when the primary fails. Standby servers accept read-only queries.",
            "ops/standby.md#L1-L3", "Running a standby"),
        new("ops/logs.md", 2, "ops/logs.md", "Log rotation", 0.8,
            "The server writes its messages to the log directory. Log output is rotated daily, and files older than seven days are deleted by the cleanup job.",
            "ops/logs.md#L1-L3", "Log rotation"),
        new("hr/leave.md", 3, "hr/leave.md", "Leave", 0.7,
            "Contractors accrue paid time off at half the rate of employees. The office is closed on public holidays.",
            "hr/leave.md#L1-L2", "Leave"),
    ];

    private static ExtractiveAnswerer Answerer(bool meaning, string model = BundledModels.ArcticXs) =>
        new(new Analyzer(new LexicalOptions()).Analyze, new AskOptions(), meaning ? MeaningRelevance.For(OnnxEmbedder.Create(model)) : null);

    [Theory]
    [InlineData(BundledModels.ArcticXs)]
    [InlineData(BundledModels.MiniLm)]
    public void A_passage_answering_in_other_words_is_quoted(string model)
    {
        const string question = "how do I keep a second server as a copy of the first";
        var byTerms = Answerer(meaning: false).Answer(question, Hits);
        Assert.False(byTerms.Found); // the premise: term overlap alone finds nothing to quote

        var answer = Answerer(meaning: true, model).Answer(question, Hits);
        Assert.True(answer.Found, answer.Reason);
        Assert.Contains("standby server continuously applies", answer.Citations[0].Quote);
        Assert.Equal("ops/standby.md", answer.Citations[0].DocumentId);
    }

    [Theory]
    [InlineData(BundledModels.ArcticXs)]
    [InlineData(BundledModels.MiniLm)]
    public void An_off_topic_question_is_still_refused(string model)
    {
        var answer = Answerer(meaning: true, model).Answer("How do I bake sourdough bread at home?", Hits);
        Assert.False(answer.Found);
        Assert.Contains("in meaning", answer.Reason);
    }

    [Fact]
    public void A_question_answered_by_its_own_terms_is_still_answered_from_the_right_sentence()
    {
        var answer = Answerer(meaning: true).Answer("When are old log files deleted?", Hits);
        Assert.True(answer.Found, answer.Reason);
        Assert.Contains("older than seven days", answer.Citations[0].Quote);
    }

    [Theory]
    [InlineData(BundledModels.ArcticXs)]
    [InlineData(BundledModels.MiniLm)]
    public void A_table_row_is_judged_with_its_header_so_the_row_that_answers_is_quoted(string model)
    {
        Hit[] hits =
        [
            new("hr/travel.md", 1, "hr/travel.md", "Daily allowances", 0.9,
                "The daily meal allowance is paid for each day you spend travelling and covers breakfast, lunch and dinner.\n\n" +
                "| City | Meal allowance per day | Hotel cap per night |\n|---|---|---|\n" +
                "| Madrid | EUR 55 | EUR 170 |\n| Oslo | NOK 650 | NOK 1900 |\n| Other cities | EUR 50 | EUR 150 |",
                "hr/travel.md#L1-L8", "Daily allowances"),
        ];
        var answer = Answerer(meaning: true, model).Answer("What is the daily meal allowance in Oslo?", hits);
        Assert.True(answer.Found, answer.Reason);
        Assert.Contains(answer.Citations, c => c.Quote.Contains("NOK 650", StringComparison.Ordinal));
    }
}
