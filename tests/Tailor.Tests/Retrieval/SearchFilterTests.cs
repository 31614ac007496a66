using Tailor.Retrieval;

namespace Tailor.Tests.Retrieval;

public class SearchFilterTests
{
    [Fact]
    public void A_relative_source_prefix_is_resolved_against_the_current_folder_and_a_url_kept()
    {
        Assert.Equal(Path.Combine(Environment.CurrentDirectory, "docs"), SearchFilter.ResolveSourcePrefix("docs"));
        Assert.Equal("https://example.com/faq", SearchFilter.ResolveSourcePrefix("https://example.com/faq"));
        Assert.Null(SearchFilter.ResolveSourcePrefix(""));
        Assert.Null(SearchFilter.ResolveSourcePrefix(null));
    }
}
