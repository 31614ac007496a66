using Tailor.Retrieval;

namespace Tailor.Tests.Retrieval;

public class SearchFilterTests
{
    [Fact]
    public void A_relative_source_prefix_also_names_its_path_from_the_current_folder_and_a_url_or_full_path_stands_as_typed()
    {
        Assert.Equal(Path.Combine(Environment.CurrentDirectory, "docs"), SearchFilter.ResolveSourcePath("docs"));
        Assert.Equal(Path.Combine(Environment.CurrentDirectory, "guides") + Path.DirectorySeparatorChar, SearchFilter.ResolveSourcePath("guides/"));
        var full = Path.Combine(Path.GetTempPath(), "handbook") + Path.DirectorySeparatorChar;
        Assert.Null(SearchFilter.ResolveSourcePath(full));
        Assert.Equal(Path.Combine(Path.GetTempPath(), "handbook"), SearchFilter.ResolveSourcePath(Path.Combine(Path.GetTempPath(), "x", "..", "handbook")));
        Assert.Null(SearchFilter.ResolveSourcePath("https://example.com/faq"));
        Assert.Null(SearchFilter.ResolveSourcePath(""));
        Assert.Null(SearchFilter.ResolveSourcePath(null));
    }

    [Fact]
    public void A_source_path_alone_makes_the_filter_non_empty_and_reaches_the_store()
    {
        var filter = new SearchFilter { SourcePath = "/home/me/handbook/" };
        Assert.False(filter.IsEmpty);
        Assert.Equal("/home/me/handbook/", filter.ToChunkFilter().SourcePath);
        Assert.Null(filter.ToChunkFilter().SourcePrefix);
        Assert.True(new SearchFilter().IsEmpty);
    }
}
