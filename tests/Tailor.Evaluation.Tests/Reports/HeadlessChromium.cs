using Microsoft.Playwright;

namespace Tailor.Evaluation.Tests.Reports;

/// <summary>Launches the system's Chromium (found on PATH) headless through Playwright's bundled driver.</summary>
internal static class HeadlessChromium
{
    private static readonly string[] Names = ["chromium", "chromium-browser", "google-chrome"];

    public static string Executable
    {
        get
        {
            foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                foreach (var name in Names)
                {
                    var path = Path.Combine(dir, name);
                    if (File.Exists(path)) return path;
                }
            }
            throw new InvalidOperationException("Chromium was not found on PATH; install it (Debian: apt-get install -y chromium) to run the report tests.");
        }
    }

    /// <summary>Playwright's 30 s defaults are short for a browser starting on a busy two-core machine; this is a ceiling, not an expectation.</summary>
    private const float LoadedMachineTimeout = 120_000;

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Timeout = LoadedMachineTimeout,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        return (playwright, browser);
    }

    /// <summary>Opens a local HTML file, refusing every network request so the page must be self-contained.</summary>
    public static async Task<(IPage Page, List<string> External)> OpenOfflineAsync(IBrowser browser, string file)
    {
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1000, Height = 800 } });
        page.SetDefaultTimeout(LoadedMachineTimeout);
        var external = new List<string>();
        await page.RouteAsync("**/*", async route =>
        {
            if (route.Request.Url.StartsWith("file:", StringComparison.Ordinal)) await route.ContinueAsync();
            else { external.Add(route.Request.Url); await route.AbortAsync(); }
        });
        await page.GotoAsync(new Uri(file).AbsoluteUri);
        return (page, external);
    }
}
