using Tailor.Answering;

namespace Tailor.Tests.Answering;

public class CitationRenumbererTests
{
    [Fact]
    public void Sources_are_renumbered_in_order_of_first_use()
    {
        var r = new CitationRenumberer(3);
        Assert.Equal("First [1]. Second [2][1]. Third [3][2].", r.Rewrite("First [2]. Second [1][2]. Third [3, 1]."));
        Assert.Equal([2, 1, 3], r.Order);
        Assert.Empty(r.Invalid);
    }

    [Fact]
    public void Markers_to_sources_not_given_are_removed_and_reported()
    {
        var r = new CitationRenumberer(2);
        Assert.Equal("Claim. Other [1]. Both [2]. Zero.", r.Rewrite("Claim [7]. Other [1, 9]. Both [9][2]. Zero [0]."));
        Assert.Equal([7, 9, 0], r.Invalid);
        Assert.Equal([1, 2], r.Order);
    }

    [Fact]
    public void Brackets_that_are_not_markers_stay()
    {
        var r = new CitationRenumberer(2);
        const string text = "See [the guide] and [a1] or [1-2] and [ ] and [";
        Assert.Equal(text, r.Rewrite(text));
        Assert.Empty(r.Order);
    }

    [Theory]
    [InlineData("Contractors get 15 days [2]. Employees get 25 [1, 2]. Holidays [5] are separate [3]  .\n\n- item [1][1]\n")]
    [InlineData("[1] starts. Spaces   [9]  before. Unclosed [2 at the end [")]
    [InlineData("No markers at all, just text with trailing space   ")]
    public void Streaming_in_any_pieces_gives_the_same_text_as_the_whole(string reply)
    {
        var whole = new CitationRenumberer(3);
        string expected = whole.Rewrite(reply);
        var random = new Random(7);
        for (int trial = 0; trial < 30; trial++)
        {
            var r = new CitationRenumberer(3);
            var output = new System.Text.StringBuilder();
            int at = 0;
            while (at < reply.Length)
            {
                int len = Math.Min(reply.Length - at, trial == 0 ? 1 : random.Next(1, 6));
                output.Append(r.Push(reply.Substring(at, len)));
                at += len;
            }
            output.Append(r.Flush());
            Assert.Equal(expected, output.ToString());
            Assert.Equal(whole.Order, r.Order);
            Assert.Equal(whole.Invalid, r.Invalid);
        }
    }

    [Fact]
    public void Text_is_released_as_soon_as_it_cannot_be_a_marker()
    {
        var r = new CitationRenumberer(2);
        Assert.Equal("Contractors get", r.Push("Contractors get "));
        Assert.Equal(" fifteen days", r.Push("fifteen days [2"));
        Assert.Equal(" [1].", r.Push("]."));
        Assert.Equal("", r.Flush());
    }
}
