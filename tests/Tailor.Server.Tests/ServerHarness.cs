using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using System.Net.Http.Json;
using System.Text.Json;
using Tailor.Ingestion;
using Tailor.Server;
using Tailor.Testing;

namespace Tailor.Server.Tests;

/// <summary>
/// The real server on 127.0.0.1 (port 0: a free one) over a fresh knowledge base folder, and an HttpClient pointed at it.
/// Helpers upload and wait for a job, the way a client would.
/// </summary>
public sealed class ServerHarness : IAsyncDisposable
{
    private readonly TempDirectory _temp;

    private ServerHarness(TempDirectory temp, WebApplication app, string kbDirectory, string kbName)
    {
        _temp = temp;
        App = app;
        KbDirectory = kbDirectory;
        Kb = kbName;
        BaseAddress = new Uri(TailorServer.Addresses(app).First(a => a.StartsWith("http://127.0.0.1", StringComparison.Ordinal)) + "/");
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
    }

    public WebApplication App { get; }

    public string KbDirectory { get; }

    public string Kb { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public string Folder => _temp.Path;

    /// <summary>Starts a server for one knowledge base named "handbook" (or over a data folder with <paramref name="data"/>).</summary>
    public static async Task<ServerHarness> StartAsync(Func<ServerOptions, ServerOptions>? configure = null, Action<string>? prepare = null, bool data = false, TempDirectory? reuse = null)
    {
        var temp = reuse ?? new TempDirectory("tailor-server");
        var kbDir = data ? Path.Combine(temp.Path, "data", "handbook") : Path.Combine(temp.Path, "handbook");
        prepare?.Invoke(kbDir);
        var options = data
            ? new ServerOptions { DataDirectory = Path.Combine(temp.Path, "data"), Urls = "http://127.0.0.1:0" }
            : new ServerOptions { KnowledgeBase = kbDir, Urls = "http://127.0.0.1:0" };
        if (configure != null) options = configure(options);
        var app = TailorServer.Build(options);
        await app.StartAsync();
        var harness = new ServerHarness(temp, app, kbDir, "handbook");
        if (!data) await harness.WaitReadyAsync();
        return harness;
    }

    public void UseKey(string? key) => Client.DefaultRequestHeaders.Authorization = key is null ? null : new AuthenticationHeaderValue("Bearer", key);

    public async Task WaitReadyAsync()
    {
        for (int i = 0; i < 600; i++)
        {
            using var response = await Client.GetAsync("readyz");
            if (response.IsSuccessStatusCode) return;
            await Task.Delay(50);
        }
        throw new InvalidOperationException("the server did not become ready");
    }

    /// <summary>Uploads files (name → content) as multipart "files"; returns the job id from the 202.</summary>
    public async Task<string> UploadAsync(IReadOnlyDictionary<string, string> files, string? tags = null, string? kb = null)
    {
        using var form = new MultipartFormDataContent();
        foreach (var (name, content) in files) form.Add(new StringContent(content), "files", name);
        if (tags != null) form.Add(new StringContent(tags), "tags");
        using var response = await Client.PostAsync($"api/kbs/{kb ?? Kb}/documents", form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("job_id").GetString()!;
    }

    /// <summary>Polls the job until it is done or failed; returns its JSON.</summary>
    public async Task<JsonElement> WaitJobAsync(string jobId, string? kb = null)
    {
        for (int i = 0; i < 2400; i++)
        {
            var job = await Client.GetFromJsonAsync<JsonElement>($"api/kbs/{kb ?? Kb}/jobs/{jobId}");
            var status = job.GetProperty("status").GetString();
            if (status is "done" or "failed") return job;
            await Task.Delay(50);
        }
        throw new InvalidOperationException($"job {jobId} did not finish");
    }

    /// <summary>The sample handbook: enough chunks for the built-in embedder.</summary>
    public static IReadOnlyDictionary<string, string> Handbook() => new Dictionary<string, string>
    {
        ["vacation.md"] = "# Vacation policy\n\nEmployees get 25 vacation days per year. Contractors get 10 vacation days per year.\n\n## Carry over\n\nUp to five unused days carry over into the next year.\n",
        ["expenses.md"] = "# Expenses\n\nTravel expenses are reimbursed within 30 days. Keep every receipt.\n\n## Meals\n\nMeals on business trips are covered up to 60 euros a day.\n",
        ["security.md"] = "# Security\n\nLaptops must use full disk encryption. Passwords are at least 14 characters long.\n\n## Incidents\n\nReport a lost laptop to the security team within one hour.\n",
        ["onboarding.md"] = "# Onboarding\n\nNew hires meet their mentor on the first day. The first week covers tools and the codebase.\n\n## Equipment\n\nEvery new hire receives a laptop and a headset.\n",
        ["remote.md"] = "# Remote work\n\nStaff may work remotely three days a week. Core hours are ten to four.\n\n## Abroad\n\nWorking from abroad needs approval from human resources.\n",
        ["parking.md"] = "# Parking\n\nThe garage has forty spaces. Bicycles park in the courtyard.\n\n## Electric cars\n\nCharging stations are on level two.\n",
        ["kitchen.md"] = "# Kitchen\n\nThe kitchen on floor three has coffee, tea and fruit. Clean your own dishes.\n",
        ["library.md"] = "# Library\n\nBooks may be borrowed for four weeks. The reading room is quiet.\n",
        ["training.md"] = "# Training\n\nEach employee has a training budget of 1500 euros a year for courses and conferences.\n",
        ["health.md"] = "# Health\n\nThe company pays for a yearly health check and offers a gym subsidy.\n",
        ["printing.md"] = "# Printing\n\nPrinters are on every floor. Colour printing needs a badge.\n",
        ["meetings.md"] = "# Meetings\n\nBook meeting rooms in the calendar. Meetings end five minutes before the hour.\n",
    };

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }
}
