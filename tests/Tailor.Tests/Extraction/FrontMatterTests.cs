using System.Text;
using Tailor.Extraction;

namespace Tailor.Tests.Extraction;

public class FrontMatterTests
{
    [Theory]
    [InlineData("tags: [policy, \"Travel Rules\", 'hr']\n", new[] { "policy", "Travel Rules", "hr" })]
    [InlineData("title: x\ntags: policy, hr\n", new[] { "policy", "hr" })]
    [InlineData("tags:\n  - policy\n  - \"hr\"\n\ndate: 2024-01-01\n", new[] { "policy", "hr" })]
    [InlineData("tags: []\n", new string[0])]
    [InlineData("title: no tags here\n", new string[0])]
    [InlineData("subtags: [x]\n", new string[0])]
    public void Tags_reads_flow_lists_scalars_and_block_lists(string yaml, string[] expected) =>
        Assert.Equal(expected, FrontMatter.Tags(yaml));

    [Theory]
    [InlineData("date: 2024-05-01\n", "2024-05-01T00:00:00.0000000Z")]
    [InlineData("date: \"2024-05-01T10:30:00+02:00\"\n", "2024-05-01T08:30:00.0000000Z")]
    [InlineData("date: 2024-05-01 10:30:00\n", "2024-05-01T10:30:00.0000000Z")]
    public void Date_is_read_as_utc(string yaml, string expected)
    {
        var date = FrontMatter.Date(yaml);
        Assert.NotNull(date);
        Assert.Equal(DateTimeKind.Utc, date.Value.Kind);
        Assert.Equal(expected, date.Value.ToString("O"));
    }

    [Theory]
    [InlineData("date: soon\n")]
    [InlineData("updated: 2024-05-01\n")]
    [InlineData("")]
    public void Missing_or_unparseable_dates_are_null(string yaml) => Assert.Null(FrontMatter.Date(yaml));

    [Fact]
    public void The_markdown_extractor_carries_front_matter_tags_and_date()
    {
        var md = "---\ntitle: T\ntags: [alpha, beta]\ndate: 2023-02-03\n---\n# Heading\n\nBody text.\n";
        var doc = Assert.Single(new MarkdownExtractor().Extract(Encoding.UTF8.GetBytes(md), "a.md").Documents);
        Assert.Equal(["alpha", "beta"], doc.Tags);
        Assert.Equal(new DateTime(2023, 2, 3, 0, 0, 0, DateTimeKind.Utc), doc.Date);
        Assert.DoesNotContain(doc.Blocks, b => b.Text.Contains("alpha", StringComparison.Ordinal));
    }

    [Fact]
    public void Front_matter_acl_becomes_access_group_tags()
    {
        var md = "---\ntags: policy\nacl:\n  - HR\n  - board\n---\n# Pay\n\nBands.\n";
        var doc = Assert.Single(new MarkdownExtractor().Extract(Encoding.UTF8.GetBytes(md), "a.md").Documents);
        Assert.Equal(["policy", "acl:hr", "acl:board"], doc.Tags);
        Assert.Equal(["a", "b c"], FrontMatter.Acl("acl: [a, \"b c\"]\n"));
    }
}
