using Microsoft.Playwright;

namespace Tailor.Server.Tests.Web;

/// <summary>
/// Debian's Chromium (found on PATH), headless through Playwright's driver, shared by a test class. Every page it opens
/// records each request that would leave 127.0.0.1 and refuses it, so the web page must be fully served by the server.
/// </summary>
public sealed class PageBrowser : IAsyncLifetime
{
    private static readonly string[] Names = ["chromium", "chromium-browser", "google-chrome"];

    /// <summary>Playwright's 30 s defaults are short for a browser on a busy two-core machine; a ceiling, not an expectation.</summary>
    public const float Timeout = 120_000;

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("the browser is not started");

    public async Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(Timeout); // Expect(...) waits up to 5 s by default: short for ingestion on a busy machine
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable(),
            Headless = true,
            Timeout = Timeout,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A fresh context (its own sessionStorage and localStorage) and page; <paramref name="external"/> collects refused requests.</summary>
    public async Task<(IBrowserContext Context, IPage Page)> OpenAsync(List<string> external, int width = 1280, int height = 860)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        context.SetDefaultTimeout(Timeout);
        await context.RouteAsync("**/*", async route =>
        {
            var url = new Uri(route.Request.Url);
            if (url.Scheme is "http" && url.Host == "127.0.0.1" || url.Scheme is "data") await route.ContinueAsync();
            else
            {
                lock (external) external.Add(route.Request.Url);
                await route.AbortAsync();
            }
        });
        return (context, await context.NewPageAsync());
    }

    public async Task DisposeAsync()
    {
        if (_browser != null) await _browser.DisposeAsync();
        _playwright?.Dispose();
    }

    private static string Executable()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            foreach (var name in Names)
                if (File.Exists(Path.Combine(dir, name))) return Path.Combine(dir, name);
        throw new InvalidOperationException("Chromium was not found on PATH; install it (Debian: apt-get install -y chromium) to run the web page tests.");
    }
}
