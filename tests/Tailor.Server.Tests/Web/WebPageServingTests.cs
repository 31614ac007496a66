using System.Net;
using System.Net.Http.Headers;
using Tailor.Server.Access;

namespace Tailor.Server.Tests.Web;

public sealed class WebPageServingTests
{
    [Fact]
    public async Task The_page_is_served_at_the_root_with_an_etag_and_revalidates_to_304()
    {
        await using var server = await ServerHarness.StartAsync();
        using var page = await server.Client.GetAsync("");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<script type=\"module\" src=\"ui/app.js\">", await page.Content.ReadAsStringAsync());
        Assert.True(page.Headers.CacheControl?.NoCache);
        var etag = page.Headers.ETag ?? throw new Xunit.Sdk.XunitException("no ETag");

        using var again = new HttpRequestMessage(HttpMethod.Get, "");
        again.Headers.IfNoneMatch.Add(etag);
        using var revalidated = await server.Client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);

        // as a browser reloads the page: the validators it kept, and max-age=0
        using var reload = new HttpRequestMessage(HttpMethod.Get, "");
        reload.Headers.IfNoneMatch.Add(etag);
        reload.Headers.IfModifiedSince = page.Content.Headers.LastModified;
        reload.Headers.CacheControl = new CacheControlHeaderValue { MaxAge = TimeSpan.Zero };
        reload.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        reload.Headers.AcceptEncoding.ParseAdd("gzip, deflate, br");
        using var reloaded = await server.Client.SendAsync(reload);
        Assert.Equal(HttpStatusCode.NotModified, reloaded.StatusCode);

        foreach (var (file, type) in new[] { ("ui/app.js", "text/javascript"), ("ui/chat.js", "text/javascript"), ("ui/app.css", "text/css") })
        {
            using var asset = await server.Client.GetAsync(file);
            Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
            Assert.Equal(type, asset.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(asset.Headers.ETag);
        }
        using var missing = await server.Client.GetAsync("ui/nothing.js");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task The_page_needs_no_key_but_the_api_behind_it_still_does()
    {
        await using var server = await ServerHarness.StartAsync();
        new KeyStore(server.KbDirectory).Create("reader", KeyScope.Read);
        using (var page = await server.Client.GetAsync("")) Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        using (var script = await server.Client.GetAsync("ui/app.js")) Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        using (var api = await server.Client.GetAsync("api/kbs")) Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        using (var other = await server.Client.GetAsync("uinot/app.js")) Assert.Equal(HttpStatusCode.Unauthorized, other.StatusCode);
        server.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "tk_wrong");
        using (var page = await server.Client.GetAsync("")) Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }
}
