using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Tailor.Server;

namespace Tailor.Postgres.Tests.Serving;

/// <summary>
/// The real server on 127.0.0.1 (a free port) over a knowledge base folder whose store is a PostgreSQL database, as
/// `tailor serve --kb DIR` runs it after `tailor ingest --database URL`; several of them on one database are several
/// servers behind a load balancer, each with its own folder, connections and indexes.
/// </summary>
public sealed class PostgresServedKnowledgeBase : IAsyncDisposable
{
    private PostgresServedKnowledgeBase(WebApplication app, string folder)
    {
        App = app;
        Folder = folder;
        var address = TailorServer.Addresses(app).First(a => a.StartsWith("http://127.0.0.1", StringComparison.Ordinal));
        Client = new HttpClient { BaseAddress = new Uri(address + "/"), Timeout = TimeSpan.FromSeconds(120) };
    }

    static PostgresServedKnowledgeBase() => PostgresStore.Register();

    public const string Name = "handbook";

    public WebApplication App { get; }

    public string Folder { get; }

    public HttpClient Client { get; }

    /// <summary>Creates the knowledge base folder on <paramref name="databaseUrl"/> (when new) and serves it (with <paramref name="configure"/>'s options).</summary>
    public static async Task<PostgresServedKnowledgeBase> StartAsync(string parent, string databaseUrl, string server, Func<ServerOptions, ServerOptions>? configure = null)
    {
        var folder = Path.Combine(parent, server, Name);
        if (!KnowledgeBase.Exists(folder)) KnowledgeBase.Open(folder, new KnowledgeBaseOptions { Database = databaseUrl }).Dispose();
        var options = new ServerOptions { KnowledgeBase = folder, Urls = "http://127.0.0.1:0" };
        var app = TailorServer.Build(configure?.Invoke(options) ?? options);
        await app.StartAsync();
        var served = new PostgresServedKnowledgeBase(app, folder);
        await served.WaitReadyAsync(TimeSpan.FromSeconds(60));
        return served;
    }

    /// <summary>True when /readyz answers 200.</summary>
    public async Task<bool> ReadyAsync()
    {
        using var response = await Client.GetAsync("readyz");
        return response.IsSuccessStatusCode;
    }

    public async Task WaitReadyAsync(TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!await ReadyAsync())
        {
            if (DateTime.UtcNow > deadline) throw new InvalidOperationException("the server did not become ready");
            await Task.Delay(50);
        }
    }

    /// <summary>Uploads files (name → content) as multipart "files"; returns the job id from the 202.</summary>
    public async Task<string> UploadAsync(IReadOnlyDictionary<string, string> files)
    {
        using var form = new MultipartFormDataContent();
        foreach (var (name, content) in files) form.Add(new StringContent(content), "files", name);
        using var response = await Client.PostAsync($"api/kbs/{Name}/documents", form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("job_id").GetString()!;
    }

    /// <summary>Polls the job until it is done or failed (within two minutes); returns its JSON.</summary>
    public async Task<JsonElement> WaitJobAsync(string jobId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            var job = await Client.GetFromJsonAsync<JsonElement>($"api/kbs/{Name}/jobs/{jobId}");
            if (job.GetProperty("status").GetString() is "done" or "failed") return job;
            await Task.Delay(50);
        }
        throw new InvalidOperationException($"job {jobId} did not finish");
    }

    /// <summary>The document ids of a lexical search's hits.</summary>
    public async Task<List<string>> SearchAsync(string query, int k = 5)
    {
        using var response = await Client.PostAsJsonAsync($"api/kbs/{Name}/search", new { query, k, mode = "lexical" });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("document_id").GetString()!).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
