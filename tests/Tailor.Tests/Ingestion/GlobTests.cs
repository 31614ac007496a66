using Tailor.Ingestion;

namespace Tailor.Tests.Ingestion;

public sealed class GlobTests
{
    [Theory]
    [InlineData("*.md", "a.md", true)]
    [InlineData("*.md", "deep/er/a.md", true)]
    [InlineData("*.md", "a.mdx", false)]
    [InlineData("docs/**", "docs/a/b.md", true)]
    [InlineData("docs/**", "other/docs.md", false)]
    [InlineData("docs/*.md", "docs/a.md", true)]
    [InlineData("docs/*.md", "docs/sub/a.md", false)]
    [InlineData("**/drafts/*", "x/drafts/a.md", true)]
    [InlineData("**/drafts/*", "drafts/a.md", true)]
    [InlineData("?.txt", "a.txt", true)]
    [InlineData("?.txt", "ab.txt", false)]
    [InlineData("drafts/", "drafts/a.md", true)]
    public void Matches_like_gitignore(string pattern, string path, bool expected) =>
        Assert.Equal(expected, new Glob(pattern).IsMatch(path));

    [Fact]
    public void Empty_pattern_is_refused_with_a_hint() =>
        Assert.Contains("*.md", Assert.Throws<TailorException>(() => new Glob(" ")).Message);
}
