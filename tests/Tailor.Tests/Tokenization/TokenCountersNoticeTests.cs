using Tailor.Testing;
using Tailor.Tokenization;

namespace Tailor.Tests.Tokenization;

/// <summary>
/// The once-per-process notice of estimated token counts. It is process-wide state that every knowledge base opened
/// without a vocabulary touches, so this test runs alone, not beside test classes that open knowledge bases.
/// </summary>
[Collection(ProcessWideState.Name)]
public sealed class TokenCountersNoticeTests
{
    [Fact]
    public void Chunking_falls_back_to_the_estimate_and_says_so_once()
    {
        using var root = new TempDirectory();
        var offline = new VocabularySource { CacheDirectory = root.File("cache"), AllowDownload = false, UseBundled = false };
        var notices = new List<string>();
        TokenCounters.ResetNotice();
        var first = TokenCounters.ForChunking(offline, notices.Add, out bool estimated);
        var second = TokenCounters.ForChunking(offline, notices.Add, out _);
        Assert.True(estimated);
        Assert.Same(EstimatingTokenCounter.Instance, first);
        Assert.Same(EstimatingTokenCounter.Instance, second);
        Assert.Single(notices);
        Assert.Contains("estimated", notices[0]);
    }
}
