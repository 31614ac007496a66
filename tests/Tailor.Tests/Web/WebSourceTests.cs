using Tailor.Ingestion;
using Tailor.Retrieval;
using Tailor.Testing;
using Tailor.Testing.Web;
using Tailor.Web;

namespace Tailor.Tests.Web;

/// <summary>Ingesting URLs through the knowledge base from a Kestrel server on 127.0.0.1 (loopback allowed explicitly).</summary>
public sealed class WebSourceTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private static IngestOptions Loopback => new() { Web = new WebFetchOptions { AllowLoopback = true } };

    [Fact]
    public async Task A_page_is_ingested_found_and_linked_by_its_url_and_anchor()
    {
        await using var server = await LocalWebServer.StartAsync();
        server.Page("/faq", "<html><head><title>FAQ</title></head><body><h2 id=\"refunds\">Refunds</h2><p>Refunds are paid within nine working days.</p></body></html>");
        using var kb = KnowledgeBase.Open(_temp.File("kb"));
        var url = new Uri(server.Root, "faq").AbsoluteUri;
        var result = await kb.IngestAsync([url], Loopback);
        Assert.Empty(result.Failures);
        Assert.Equal(1, result.Added);

        var hit = Assert.Single((await kb.SearchAsync("refunds working days", new SearchOptions { K = 1, Mode = SearchMode.Lexical })).Hits);
        Assert.Equal(url, hit.DocumentId);
        Assert.Equal(url + "#refunds", hit.Link);
        Assert.Equal("FAQ", hit.Title);

        var again = await kb.IngestAsync([url], Loopback);
        Assert.Equal(1, again.Unchanged);
    }

    [Fact]
    public async Task A_sitemap_brings_its_pages_and_robots_txt_is_honoured()
    {
        await using var server = await LocalWebServer.StartAsync();
        server.Page("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain");
        server.Page("/a", "<h1>Alpha</h1><p>Alpha page about glaciers.</p>");
        server.Page("/b.txt", "Beta page about volcanoes.", "text/plain");
        server.Page("/private/c", "<p>Hidden page.</p>");
        var root = server.Root.AbsoluteUri.TrimEnd('/');
        server.Page("/sitemap.xml", $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
              <url><loc>{root}/a</loc></url><url><loc>{root}/b.txt</loc></url><url><loc>{root}/private/c</loc></url>
              <url><loc>http://elsewhere.invalid/d</loc></url>
            </urlset>
            """, "application/xml");
        using var kb = KnowledgeBase.Open(_temp.File("kb"));
        var result = await kb.IngestAsync([root + "/sitemap.xml"], Loopback);
        Assert.Equal(2, result.Added);
        Assert.Equal(
            [(root + "/private/c", "not fetched: the site's robots.txt disallows it"), ("http://elsewhere.invalid/d", $"not fetched: the sitemap {root}/sitemap.xml lists a page on another host")],
            result.Failures.Select(f => (f.Source, f.Error)).Order());
        var hit = Assert.Single((await kb.SearchAsync("volcanoes", new SearchOptions { K = 1, Mode = SearchMode.Lexical })).Hits);
        Assert.Equal(root + "/b.txt", hit.DocumentId);
    }

    [Fact]
    public async Task Without_loopback_allowed_the_url_is_a_failure_and_nothing_is_fetched()
    {
        await using var server = await LocalWebServer.StartAsync();
        server.Page("/faq", "<p>secret intranet page</p>");
        _temp.Write("docs/a.md", "# A\n\nLocal file.\n");
        using var kb = KnowledgeBase.Open(_temp.File("kb"));
        var url = new Uri(server.Root, "faq").AbsoluteUri;
        var result = await kb.IngestAsync([url, _temp.File("docs")]);
        Assert.Equal(1, result.Added); // the folder still ingests
        var failure = Assert.Single(result.Failures);
        Assert.Equal(url, failure.Source);
        Assert.Contains("loopback", failure.Error, StringComparison.Ordinal);
        // the refusal came from the site's robots.txt, asked first: the reason names that URL whole
        Assert.StartsWith(new Uri(server.Root, "robots.txt").AbsoluteUri + ": refused", failure.Error, StringComparison.Ordinal);
        Assert.Equal(0, server.Requests);

        // the site's root URL is a prefix of its robots.txt URL: the reason still names robots.txt whole
        var root = await kb.IngestAsync([server.Root.AbsoluteUri]);
        Assert.StartsWith(new Uri(server.Root, "robots.txt").AbsoluteUri + ": refused", Assert.Single(root.Failures).Error, StringComparison.Ordinal);
        Assert.Equal(0, server.Requests);
    }

    [Theory]
    [InlineData("User-agent: *\nDisallow: /", "/x", false)]
    [InlineData("User-agent: *\nDisallow: /a\nAllow: /a/b", "/a/b/c", true)]
    [InlineData("User-agent: *\nDisallow: /a\nAllow: /a/b", "/a/c", false)]
    [InlineData("User-agent: other\nDisallow: /\n\nUser-agent: *\nDisallow:", "/x", true)]
    [InlineData("User-agent: tailor\nDisallow: /t\n\nUser-agent: *\nDisallow: /", "/x", true)]
    [InlineData("User-agent: *\nDisallow: /*.pdf$", "/doc/a.pdf", false)]
    [InlineData("User-agent: *\nDisallow: /*.pdf$", "/doc/a.pdf.html", true)]
    public void Robots_rules(string robots, string path, bool allowed) => Assert.Equal(allowed, RobotsRules.Parse(robots).Allows(path));

    public void Dispose() => _temp.Dispose();
}
