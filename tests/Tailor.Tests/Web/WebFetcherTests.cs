using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Tailor.Testing.Web;
using Tailor.Web;

namespace Tailor.Tests.Web;

/// <summary>The fetcher against a real Kestrel server on 127.0.0.1: refused by default (loopback), fetched only when private addresses are allowed.</summary>
public sealed class WebFetcherTests
{
    [Fact]
    public async Task A_loopback_server_is_refused_before_any_request_reaches_it()
    {
        await using var server = await LocalWebServer.StartAsync();
        server.Page("/faq", "<h1>FAQ</h1>");
        using var fetcher = new WebFetcher();
        var ex = await Assert.ThrowsAsync<TailorException>(() => fetcher.FetchAsync(new Uri(server.Root, "faq")));
        Assert.Contains("loopback", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--allow-private", ex.Message, StringComparison.Ordinal);

        // by name too: "localhost" resolves to a loopback address, checked after resolution
        var byName = new UriBuilder(new Uri(server.Root, "faq")) { Host = "localhost" }.Uri;
        var named = await Assert.ThrowsAsync<TailorException>(() => fetcher.FetchAsync(byName));
        Assert.Contains("loopback", named.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.Requests);
    }

    [Fact]
    public async Task With_private_allowed_the_page_is_fetched()
    {
        await using var server = await LocalWebServer.StartAsync();
        server.Page("/faq", "<h1>FAQ</h1><p>Answers.</p>");
        using var fetcher = new WebFetcher(new WebFetchOptions { AllowPrivate = true });
        var page = await fetcher.FetchAsync(new Uri(server.Root, "faq"));
        Assert.Equal("text/html", page.MediaType);
        Assert.Equal("<h1>FAQ</h1><p>Answers.</p>", Encoding.UTF8.GetString(page.Content));
    }

    [Fact]
    public async Task Every_redirect_is_checked()
    {
        await using var server = await LocalWebServer.StartAsync();
        server.Page("/final", "<p>end</p>");
        server.Redirect("/same", "/final");
        server.Redirect("/metadata", "http://169.254.169.254/latest/meta-data/");
        server.Redirect("/other", "http://example.invalid/x");
        server.Redirect("/file", "file:///etc/passwd");
        server.Redirect("/loop", "/loop");
        using var fetcher = new WebFetcher(new WebFetchOptions { AllowPrivate = true });

        var page = await fetcher.FetchAsync(new Uri(server.Root, "same"));
        Assert.EndsWith("/final", page.Url.AbsolutePath, StringComparison.Ordinal);

        var other = await Assert.ThrowsAsync<TailorException>(() => fetcher.FetchAsync(new Uri(server.Root, "other")));
        Assert.Contains("redirects to another host (example.invalid)", other.Message, StringComparison.Ordinal);
        var file = await Assert.ThrowsAsync<TailorException>(() => fetcher.FetchAsync(new Uri(server.Root, "file")));
        Assert.Contains("only http and https", file.Message, StringComparison.Ordinal);
        var loop = await Assert.ThrowsAsync<TailorException>(() => fetcher.FetchAsync(new Uri(server.Root, "loop")));
        Assert.Contains("more than 5 redirects", loop.Message, StringComparison.Ordinal);

        // loopback allowed explicitly, every other private address still refused: the redirect's target is checked
        server.Redirect("/private", "http://10.0.0.7/admin");
        using var loopbackOnly = new WebFetcher(new WebFetchOptions { AllowLoopback = true, AllowOtherHosts = true });
        Assert.Equal("<p>end</p>", Encoding.UTF8.GetString((await loopbackOnly.FetchAsync(new Uri(server.Root, "same"))).Content));
        var metadata = await Assert.ThrowsAsync<TailorException>(() => loopbackOnly.FetchAsync(new Uri(server.Root, "metadata")));
        Assert.Contains("its redirect to http://169.254.169.254/latest/meta-data/", metadata.Message, StringComparison.Ordinal);
        Assert.Contains("link-local", metadata.Message, StringComparison.Ordinal);
        var internalHost = await Assert.ThrowsAsync<TailorException>(() => loopbackOnly.FetchAsync(new Uri(server.Root, "private")));
        Assert.Contains("private address (10.0.0.7)", internalHost.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Size_and_time_limits_hold()
    {
        await using var server = await LocalWebServer.StartAsync();
        server.Page("/big", new string('x', 5000));
        server.Handle("/chunked", async context =>
        {
            for (int i = 0; i < 10; i++) { await context.Response.WriteAsync(new string('y', 1000)); await context.Response.Body.FlushAsync(); }
        });
        var release = new TaskCompletionSource();
        server.Handle("/slow", async context => { await release.Task.WaitAsync(context.RequestAborted); });
        using var fetcher = new WebFetcher(new WebFetchOptions { AllowLoopback = true, MaxBytes = 2048 });
        using var impatient = new WebFetcher(new WebFetchOptions { AllowLoopback = true, Timeout = TimeSpan.FromMilliseconds(500) });
        var big = await Assert.ThrowsAsync<TailorException>(() => fetcher.FetchAsync(new Uri(server.Root, "big")));
        Assert.Contains("larger than", big.Message, StringComparison.Ordinal);
        var chunked = await Assert.ThrowsAsync<TailorException>(() => fetcher.FetchAsync(new Uri(server.Root, "chunked")));
        Assert.Contains("larger than", chunked.Message, StringComparison.Ordinal);
        var slow = await Assert.ThrowsAsync<TailorException>(() => impatient.FetchAsync(new Uri(server.Root, "slow")));
        Assert.Contains("no complete answer", slow.Message, StringComparison.Ordinal);
        release.SetResult();
    }

    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("10.1.2.3", "private")]
    [InlineData("172.20.0.1", "private")]
    [InlineData("192.168.1.1", "private")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("100.64.0.1", "carrier-grade NAT")]
    [InlineData("::1", "loopback")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("fd00::1", "private (unique local)")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("0.0.0.0", "unspecified")]
    public void Non_public_addresses_are_named(string address, string why) =>
        Assert.Equal(why, AddressPolicy.WhyNotPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("2606:2800:220:1:248:1893:25c8:1946")]
    [InlineData("172.32.0.1")]
    public void Public_addresses_pass(string address) => Assert.Null(AddressPolicy.WhyNotPublic(IPAddress.Parse(address)));
}
