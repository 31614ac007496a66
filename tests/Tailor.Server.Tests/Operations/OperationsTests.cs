using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Tailor.Server.Tests.Operations;

public sealed class OperationsTests
{
    [Fact]
    public async Task Health_readiness_openapi_docs_and_metrics_are_served()
    {
        await using var server = await ServerHarness.StartAsync();
        await server.WaitJobAsync(await server.UploadAsync(ServerHarness.Handbook()));
        using (var health = await server.Client.GetAsync("healthz")) Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var ready = await server.Client.GetFromJsonAsync<JsonElement>("readyz");
        Assert.True(ready.GetProperty("ready").GetBoolean());

        var openapi = await server.Client.GetFromJsonAsync<JsonElement>("openapi/v1.json");
        var paths = openapi.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/kbs/{kb}/search", out _));
        Assert.True(paths.TryGetProperty("/v1/chat/completions", out _));

        var docs = await server.Client.GetStringAsync("docs");
        Assert.Contains("openapi/v1.json", docs);
        Assert.DoesNotContain("cdn.jsdelivr", docs);

        using (await server.Client.PostAsJsonAsync("api/kbs/handbook/ask", new { question = "vacation days?" })) { }
        var metrics = await server.Client.GetStringAsync("metrics");
        Assert.Contains("tailor_ingest_queue_length", metrics);
        Assert.Contains("tailor_answers", metrics);
        Assert.Contains("http_server_request_duration", metrics);
    }

    [Fact]
    public async Task A_data_folder_serves_many_knowledge_bases_created_and_deleted_over_http()
    {
        await using var server = await ServerHarness.StartAsync(data: true);
        using (var created = await server.Client.PostAsJsonAsync("api/kbs", new { name = "support" }))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using (var twice = await server.Client.PostAsJsonAsync("api/kbs", new { name = "support" }))
            Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        using (var bad = await server.Client.PostAsJsonAsync("api/kbs", new { name = "../up" }))
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        await server.WaitJobAsync(await server.UploadAsync(new Dictionary<string, string> { ["a.md"] = "# A\n\nAbout support." }, kb: "support"), kb: "support");
        var list = await server.Client.GetFromJsonAsync<JsonElement>("api/kbs");
        Assert.Equal(1, list.GetProperty("knowledge_bases")[0].GetProperty("documents").GetInt64());
        using (var deleted = await server.Client.DeleteAsync("api/kbs/support"))
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.False(Directory.Exists(Path.Combine(server.Folder, "data", "support")));
        using var gone = await server.Client.PostAsJsonAsync("api/kbs/support/search", new { query = "support" });
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }
}
