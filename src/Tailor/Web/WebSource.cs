using System.Text;
using System.Xml.Linq;
using Tailor.Ingestion;

namespace Tailor.Web;

/// <summary>
/// Turns the http(s) URLs given to an ingest into sources: each page is fetched with the
/// <see cref="WebFetcher"/>'s protections, after its host's robots.txt allows it; a sitemap
/// (an XML urlset or sitemapindex) is read and its pages fetched in turn. The page's media type (or
/// else its path's extension) picks the extractor. What cannot be fetched becomes a failure naming the URL.
/// </summary>
public static class WebSource
{
    /// <summary>True when <paramref name="input"/> is an http or https URL rather than a path.</summary>
    public static bool IsUrl(string input, out Uri url) =>
        Uri.TryCreate(input, UriKind.Absolute, out url!) && url.Scheme is "http" or "https";

    public static async Task<(List<SourceFile> Sources, List<IngestFailure> Failures)> FetchAsync(
        IEnumerable<Uri> urls, WebFetchOptions options, Func<string, bool> isSupported, CancellationToken ct)
    {
        var sources = new List<SourceFile>();
        var failures = new List<IngestFailure>();
        var robots = new Dictionary<string, RobotsRules>(StringComparer.OrdinalIgnoreCase);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        using var fetcher = new WebFetcher(options);
        var queue = new Queue<(Uri Url, bool FromSitemap)>(urls.Select(u => (u, false)));
        int pages = 0;
        while (queue.Count > 0)
        {
            var (url, fromSitemap) = queue.Dequeue();
            var clean = new UriBuilder(url) { Fragment = "" }.Uri;
            if (!seen.Add(clean.AbsoluteUri)) continue;
            if (pages >= options.MaxPages)
            {
                failures.Add(new IngestFailure(clean.AbsoluteUri, $"not fetched: over the limit of {options.MaxPages} pages per ingest; ingest the rest in another run"));
                continue;
            }
            try
            {
                var rules = await RobotsAsync(fetcher, clean, robots, ct).ConfigureAwait(false);
                if (!rules.Allows(clean.PathAndQuery))
                {
                    failures.Add(new IngestFailure(clean.AbsoluteUri, "not fetched: the site's robots.txt disallows it"));
                    continue;
                }
                var page = await fetcher.FetchAsync(clean, ct).ConfigureAwait(false);
                pages++;
                if (!fromSitemap && Sitemap(page) is { } listed)
                {
                    foreach (var loc in listed)
                    {
                        if (!Uri.TryCreate(loc, UriKind.Absolute, out var child) || child.Scheme is not ("http" or "https")) continue;
                        if (!options.AllowOtherHosts && !string.Equals(child.IdnHost, clean.IdnHost, StringComparison.OrdinalIgnoreCase))
                        {
                            failures.Add(new IngestFailure(child.AbsoluteUri, $"not fetched: the sitemap {clean} lists a page on another host"));
                            continue;
                        }
                        queue.Enqueue((child, loc.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) ? false : true));
                    }
                    continue;
                }
                var extension = ExtensionOf(page);
                if (extension is null || !isSupported(extension))
                {
                    failures.Add(new IngestFailure(clean.AbsoluteUri, $"served as {page.MediaType}, which Tailor cannot read; give a page served as HTML, text, Markdown, PDF, Office or CSV"));
                    continue;
                }
                sources.Add(new SourceFile(clean.AbsoluteUri, clean.GetLeftPart(UriPartial.Authority) + "/", clean.AbsoluteUri) { Content = page.Content, ExtractAs = extension });
            }
            catch (TailorException ex)
            {
                // the page's own URL is named by the failure already; another URL (its robots.txt, a redirect) stays in the reason
                string own = clean.AbsoluteUri + ": ";
                failures.Add(new IngestFailure(clean.AbsoluteUri, ex.Message.StartsWith(own, StringComparison.Ordinal) ? ex.Message[own.Length..] : ex.Message));
            }
        }
        return (sources, failures);
    }

    private static async Task<RobotsRules> RobotsAsync(WebFetcher fetcher, Uri url, Dictionary<string, RobotsRules> cache, CancellationToken ct)
    {
        var origin = url.GetLeftPart(UriPartial.Authority);
        if (cache.TryGetValue(origin, out var known)) return known;
        RobotsRules rules;
        try
        {
            var page = await fetcher.FetchAsync(new Uri(origin + "/robots.txt"), ct).ConfigureAwait(false);
            rules = RobotsRules.Parse(Encoding.UTF8.GetString(page.Content));
        }
        catch (TailorException ex) when (ex.Kind is TailorErrorKind.NotFound or TailorErrorKind.Upstream)
        {
            rules = RobotsRules.AllowAll; // no robots.txt (404) or none reachable: nothing is disallowed
        }
        cache[origin] = rules;
        return rules;
    }

    /// <summary>The page URLs a sitemap lists, or null when the page is not a sitemap.</summary>
    private static List<string>? Sitemap(WebPage page)
    {
        if (!page.MediaType.Contains("xml", StringComparison.OrdinalIgnoreCase)) return null;
        try
        {
            var root = XDocument.Parse(Encoding.UTF8.GetString(page.Content)).Root;
            if (root is null || root.Name.LocalName is not ("urlset" or "sitemapindex")) return null;
            return root.Descendants().Where(e => e.Name.LocalName == "loc").Select(e => e.Value.Trim()).Where(v => v.Length > 0).ToList();
        }
        catch (System.Xml.XmlException)
        {
            return null;
        }
    }

    private static string? ExtensionOf(WebPage page)
    {
        var byType = page.MediaType.ToLowerInvariant() switch
        {
            "text/html" or "application/xhtml+xml" => ".html",
            "text/plain" => ".txt",
            "text/markdown" or "text/x-markdown" => ".md",
            "text/csv" => ".csv",
            "text/tab-separated-values" => ".tsv",
            "application/pdf" => ".pdf",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => ".docx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => ".xlsx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation" => ".pptx",
            _ => null,
        };
        if (byType is not null) return byType;
        var pathExtension = Path.GetExtension(page.Url.AbsolutePath);
        return pathExtension.Length > 0 ? pathExtension.ToLowerInvariant() : null;
    }
}
