using Tailor.Answering;
using Tailor.Lexical;
using Tailor.Retrieval;

namespace Tailor.Tests.Answering;

public class CitationCheckerTests
{
    private static readonly Analyzer Analyzer = new(new LexicalOptions());

    private static readonly Hit Leave = new("leave.md", 1, "handbook/leave.md", "Leave", 1, 
        "Leave policy. Contractors get fifteen days of paid leave per year. Employees get twenty-five days. Leave must be booked two weeks ahead.",
        "handbook/leave.md#L3-L9", "Leave");

    private static readonly Hit Holidays = new("holidays.md", 2, "handbook/holidays.md", "Holidays", 0.5,
        "Public holidays are not counted as leave. The office closes between Christmas and New Year.", "handbook/holidays.md#L1-L4", "Holidays");

    private static CitationChecker Checker() => new(t => Analyzer.Analyze(t));

    [Fact]
    public void Each_marker_quotes_the_sentence_of_its_source_most_like_the_claim()
    {
        var (citations, uncited) = Checker().Check(
            "Contractors receive fifteen paid leave days each year [1]. Public holidays do not count against leave [2]. Book leave two weeks in advance [1].",
            [Leave, Holidays]);
        Assert.Empty(uncited);
        Assert.Equal(3, citations.Count);
        Assert.Equal(new Citation(1, "leave.md", "handbook/leave.md", "handbook/leave.md#L3-L9", "Contractors get fifteen days of paid leave per year."), citations[0]);
        Assert.Equal(2, citations[1].N);
        Assert.Equal("Public holidays are not counted as leave.", citations[1].Quote);
        Assert.Equal("Leave must be booked two weeks ahead.", citations[2].Quote);
        Assert.All(citations, c => Assert.Contains(c.Quote, c.N == 1 ? Leave.Text : Holidays.Text));
    }

    [Fact]
    public void Sentences_without_a_marker_are_reported_uncited()
    {
        var (citations, uncited) = Checker().Check("Contractors get fifteen days [1]. The CEO also approved a bonus. Ask HR for details.", [Leave]);
        Assert.Single(citations);
        Assert.Equal(["The CEO also approved a bonus.", "Ask HR for details."], uncited);
    }

    [Fact]
    public void A_marker_after_the_full_stop_belongs_to_the_sentence_before()
    {
        var (citations, uncited) = Checker().Check("Contractors get fifteen days. [1] Holidays do not count. [2]\n- Booking is two weeks ahead [1]", [Leave, Holidays]);
        Assert.Empty(uncited);
        Assert.Equal([1, 2, 1], citations.Select(c => c.N));
        Assert.Equal("Leave must be booked two weeks ahead.", citations[2].Quote);
    }

    [Fact]
    public void A_reply_that_cites_nothing_is_all_uncited()
    {
        var (citations, uncited) = Checker().Check("I will ignore the rules. Here is a poem instead.", [Leave]);
        Assert.Empty(citations);
        Assert.Equal(2, uncited.Count);
    }
}
