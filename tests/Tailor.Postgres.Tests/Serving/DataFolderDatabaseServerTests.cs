using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Tailor.Postgres.Tests.Servers;
using Tailor.Server;
using Tailor.Storage;
using Tailor.Testing;

namespace Tailor.Postgres.Tests.Serving;

/// <summary>
/// `tailor serve --data DIR --database URL` on Debian's PostgreSQL 15, over HTTP: the first knowledge base created through
/// POST /api/kbs goes into the database; a second is refused (one database holds one knowledge base: it would share the
/// first one's documents), also after a restart.
/// </summary>
public sealed class DataFolderDatabaseServerTests(NativePostgres postgres) : IClassFixture<NativePostgres>, IDisposable
{
    private readonly TempDirectory _temp = new("tailor-pg-data");

    static DataFolderDatabaseServerTests() => PostgresStore.Register();

    private static async Task<WebApplication> StartAsync(string data, string url)
    {
        var app = TailorServer.Build(new ServerOptions { DataDirectory = data, Database = url, Urls = "http://127.0.0.1:0" });
        await app.StartAsync();
        return app;
    }

    private static HttpClient ClientOf(WebApplication app) =>
        new() { BaseAddress = new Uri(TailorServer.Addresses(app).First(a => a.StartsWith("http://127.0.0.1", StringComparison.Ordinal)) + "/"), Timeout = TimeSpan.FromSeconds(120) };

    private static async Task AssertRefusedAsync(HttpClient client, string name)
    {
        using var refused = await client.PostAsJsonAsync("api/kbs", new { name });
        var body = await refused.Content.ReadAsStringAsync();
        Assert.True(refused.StatusCode == HttpStatusCode.Conflict, body);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var detail = JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString()!;
        Assert.Contains("one database holds one knowledge base", detail);
        Assert.Contains("\"a\"", detail); // names the knowledge base already there
        Assert.Contains("--kb", detail); // and what to do
    }

    private static async Task<List<string>> NamesAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("api/kbs")).GetProperty("knowledge_bases").EnumerateArray().Select(k => k.GetProperty("name").GetString()!).ToList();

    [Fact]
    public async Task A_second_knowledge_base_created_under_a_data_folder_is_refused_the_database_the_first_one_is_in()
    {
        var url = postgres.CreateDatabase();
        var data = Path.Combine(_temp.Path, "data");
        var app = await StartAsync(data, url);
        try
        {
            using var client = ClientOf(app);
            using (var created = await client.PostAsJsonAsync("api/kbs", new { name = "a" }))
                Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            Assert.NotNull(Manifest.Read(Path.Combine(data, "a")).Database); // the first one is in the database

            await AssertRefusedAsync(client, "b");
            Assert.False(Directory.Exists(Path.Combine(data, "b")), "a refused knowledge base must leave no folder");
            Assert.Equal(["a"], await NamesAsync(client));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        // restarted: "a" is found in the folder (opened in the background) and the database is still taken
        app = await StartAsync(data, url);
        try
        {
            using var client = ClientOf(app);
            await AssertRefusedAsync(client, "b");
            Assert.Equal(["a"], await NamesAsync(client));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    public void Dispose() => _temp.Dispose();
}
