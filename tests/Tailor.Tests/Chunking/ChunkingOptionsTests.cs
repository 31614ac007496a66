using Tailor.Chunking;

namespace Tailor.Tests.Chunking;

public class ChunkingOptionsTests
{
    [Fact]
    public void A_smaller_chunk_size_keeps_overlap_and_minimum_at_most_a_quarter_of_it()
    {
        var small = new ChunkingOptions().WithMaxTokens(100);
        Assert.Equal((100, 25, 25), (small.MaxTokens, small.OverlapTokens, small.MinTokens));
        small.Validate();
        var large = new ChunkingOptions().WithMaxTokens(2000);
        Assert.Equal((2000, 50, 40), (large.MaxTokens, large.OverlapTokens, large.MinTokens));
    }
}
