using Tailor.Chunking;

namespace Tailor.Tests.Chunking;

public class SentenceSplitterTests
{
    [Theory]
    [InlineData("One. Two! Three? Four", new[] { "One.", "Two!", "Three?", "Four" })]
    [InlineData("Use tools, e.g. hammers. Then rest.", new[] { "Use tools, e.g. hammers.", "Then rest." })]
    [InlineData("Ask Dr. Smith about it. She knows.", new[] { "Ask Dr. Smith about it.", "She knows." })]
    [InlineData("Pi is 3.14 roughly. Yes.", new[] { "Pi is 3.14 roughly.", "Yes." })]
    [InlineData("Wait... and then it came. Wait... Then more.", new[] { "Wait... and then it came.", "Wait...", "Then more." })]
    [InlineData("See example.com/a.b for more. Done.", new[] { "See example.com/a.b for more.", "Done." })]
    [InlineData("He said \"Stop.\" Then left.", new[] { "He said \"Stop.\"", "Then left." })]
    [InlineData("J. R. R. Tolkien wrote it. Really.", new[] { "J. R. R. Tolkien wrote it.", "Really." })]
    [InlineData("See Fig. 3 and No. 5 here. OK.", new[] { "See Fig. 3 and No. 5 here.", "OK." })]
    [InlineData("I said no. Then I left.", new[] { "I said no.", "Then I left." })]
    [InlineData("Apples, pears, etc. We have them.", new[] { "Apples, pears, etc.", "We have them." })]
    [InlineData("i.e. lower case start. Fine", new[] { "i.e. lower case start.", "Fine" })]
    [InlineData("First part\n\nSecond part without period", new[] { "First part", "Second part without period" })]
    [InlineData("  padded.   ", new[] { "padded." })]
    [InlineData("", new string[0])]
    public void Splits_at_sentence_boundaries(string text, string[] expected)
    {
        Assert.Equal(expected, SentenceSplitter.Split(text));
    }

    [Fact]
    public void Ranges_cover_only_sentence_text()
    {
        var ranges = new List<Range>();
        SentenceSplitter.Split("A b. C d.", ranges);
        Assert.Equal([new Range(0, 4), new Range(5, 9)], ranges);
    }
}
