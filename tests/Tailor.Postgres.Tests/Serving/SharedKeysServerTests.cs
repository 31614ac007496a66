using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Tailor.Postgres.Tests.Servers;
using Tailor.Server;
using Tailor.Server.Access;
using Tailor.Testing;

namespace Tailor.Postgres.Tests.Serving;

/// <summary>
/// Keys in the shared database on Debian's PostgreSQL 15: made and revoked with the real `tailor keys` command, checked by two
/// real servers (Kestrel on 127.0.0.1, each with its own folder) over HTTP.
/// </summary>
public sealed class SharedKeysServerTests(NativePostgres postgres) : IClassFixture<NativePostgres>, IDisposable
{
    /// <summary>
    /// How long the tests wait for a key change to reach every server on the database: a generous bound for a loaded
    /// machine, not the design (each server reads the key version once a second).
    /// </summary>
    private static readonly TimeSpan Propagation = TimeSpan.FromSeconds(15);

    private readonly TempDirectory _temp = new("tailor-pg-keys");

    private static string Tailor(params string[] args)
    {
        var run = CliProcess.Run(args, timeout: TimeSpan.FromMinutes(2));
        Assert.True(run.ExitCode == 0, $"tailor {string.Join(' ', args)} exited with {run.ExitCode}:\n{run.StdOut}\n{run.StdErr}");
        return run.StdOut;
    }

    private static string CreateKey(string[] where, string name, string scope) =>
        JsonDocument.Parse(Tailor(["keys", "create", "--name", name, "--scope", scope, "--json", .. where])).RootElement.GetProperty("key").GetString()!;

    private static async Task<HttpStatusCode> ListStatusAsync(HttpClient client, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/kbs/{PostgresServedKnowledgeBase.Name}/documents?limit=1");
        if (key != null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>Asks until the answer is <paramref name="expected"/> or <paramref name="limit"/> has passed; returns the last answer.</summary>
    private static Task<HttpStatusCode> UntilAsync(HttpClient client, string? key, HttpStatusCode expected, TimeSpan limit) =>
        Poll.UntilAsync(() => ListStatusAsync(client, key), status => status == expected, limit);

    [Fact]
    public async Task A_key_made_with_tailor_keys_on_the_shared_database_is_accepted_by_both_servers_and_refused_by_both_once_revoked()
    {
        var url = postgres.CreateDatabase();
        await using var a = await PostgresServedKnowledgeBase.StartAsync(_temp.Path, url, "a");
        await using var b = await PostgresServedKnowledgeBase.StartAsync(_temp.Path, url, "b");
        Assert.Equal(HttpStatusCode.OK, await ListStatusAsync(a.Client, null)); // no key yet: open on loopback

        // made through a's folder and through b's: one database, one set of keys
        var operatorKey = CreateKey(["--kb", a.Folder], "operator", "admin");
        var reader = CreateKey(["--kb", b.Folder], "reader", "read");
        Assert.False(File.Exists(Path.Combine(a.Folder, KeyStore.FileName)), "the key must be in the database, not beside the folder");
        foreach (var server in new[] { a, b })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await UntilAsync(server.Client, null, HttpStatusCode.Unauthorized, Propagation));
            Assert.Equal(HttpStatusCode.OK, await UntilAsync(server.Client, reader, HttpStatusCode.OK, Propagation));
            Assert.Equal(HttpStatusCode.OK, await UntilAsync(server.Client, operatorKey, HttpStatusCode.OK, Propagation));
            server.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", reader);
            using var upload = await server.Client.PostAsJsonAsync($"api/kbs/{PostgresServedKnowledgeBase.Name}/documents", new { id = "x", text = "y" });
            Assert.Equal(HttpStatusCode.Forbidden, upload.StatusCode); // a read key may not upload
            server.Client.DefaultRequestHeaders.Authorization = null;
        }
        var listed = JsonDocument.Parse(Tailor("keys", "list", "--kb", a.Folder, "--json")).RootElement;
        Assert.Equal(["operator", "reader"], listed.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("name").GetString()));

        Tailor("keys", "revoke", "reader", "--kb", a.Folder);
        foreach (var server in new[] { a, b })
            Assert.Equal(HttpStatusCode.Unauthorized, await UntilAsync(server.Client, reader, HttpStatusCode.Unauthorized, Propagation));
        foreach (var server in new[] { a, b })
            Assert.Equal(HttpStatusCode.OK, await ListStatusAsync(server.Client, operatorKey)); // the other key still works: 401 is the revocation
        var revoked = JsonDocument.Parse(Tailor("keys", "list", "--kb", b.Folder, "--json")).RootElement.GetProperty("keys").EnumerateArray().Single(k => k.GetProperty("name").GetString() == "reader");
        Assert.NotEqual(JsonValueKind.Null, revoked.GetProperty("revoked").ValueKind); // kept in the list, revoked
    }

    [Fact]
    public async Task A_server_outlives_its_database_going_down_refuses_keys_while_it_cannot_read_them_and_then_honours_a_revoke_made_after()
    {
        var url = postgres.CreateDatabase();
        var unreadable = TimeSpan.FromSeconds(3); // the default is 5 minutes: a short one, to see the server fail closed
        await using var a = await PostgresServedKnowledgeBase.StartAsync(_temp.Path, url, "a", o => o with { KeysUnreadableAfter = unreadable });
        var operatorKey = CreateKey(["--kb", a.Folder], "operator", "admin");
        var reader = CreateKey(["--kb", a.Folder], "reader", "read");
        Assert.Equal(HttpStatusCode.OK, await UntilAsync(a.Client, reader, HttpStatusCode.OK, Propagation));

        postgres.Stop(); // every refresh fails now (the driver's own exceptions: no connection)
        try
        {
            // the keys read last stay in use for a while, then the server refuses every key rather than accept a revoked one
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await UntilAsync(a.Client, reader, HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(60)));
            using var refused = new HttpRequestMessage(HttpMethod.Get, "api/kbs");
            refused.Headers.Authorization = new AuthenticationHeaderValue("Bearer", operatorKey);
            using var problem = await a.Client.SendAsync(refused);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, problem.StatusCode);
            Assert.Equal("application/problem+json", problem.Content.Headers.ContentType?.MediaType);
            Assert.Contains("key store", JsonDocument.Parse(await problem.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString());
            using var health = await a.Client.GetAsync("healthz");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode); // the server itself keeps running
        }
        finally
        {
            postgres.Start();
        }

        // the refresh kept trying: once the database answers, the keys work again, and a revoke made now reaches the server
        Assert.Equal(HttpStatusCode.OK, await UntilAsync(a.Client, reader, HttpStatusCode.OK, TimeSpan.FromSeconds(60)));
        Tailor("keys", "revoke", "reader", "--kb", a.Folder);
        Assert.Equal(HttpStatusCode.Unauthorized, await UntilAsync(a.Client, reader, HttpStatusCode.Unauthorized, Propagation));
        Assert.Equal(HttpStatusCode.OK, await ListStatusAsync(a.Client, operatorKey));
    }

    [Fact]
    public async Task A_data_folder_given_a_database_takes_its_keys_json_into_it_and_its_server_accepts_the_keys_made_there()
    {
        var url = postgres.CreateDatabase();
        var data = Path.Combine(_temp.Path, "data");
        var early = CreateKey(["--data", data], "early", "admin"); // no database yet: keys.json in the data folder
        Assert.True(File.Exists(Path.Combine(data, KeyStore.FileName)));
        var late = CreateKey(["--data", data, "--database", url], "late", "read"); // the file is imported first
        Assert.False(File.Exists(Path.Combine(data, KeyStore.FileName)));
        Assert.True(File.Exists(Path.Combine(data, KeyStore.ImportedFileName)));

        var app = TailorServer.Build(new ServerOptions { DataDirectory = data, Database = url, Urls = "http://127.0.0.1:0" });
        await app.StartAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(TailorServer.Addresses(app).First(x => x.StartsWith("http://127.0.0.1", StringComparison.Ordinal)) + "/") };
            async Task<HttpStatusCode> Kbs(string? key)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "api/kbs");
                if (key != null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
                using var response = await client.SendAsync(request);
                return response.StatusCode;
            }
            Assert.Equal(HttpStatusCode.Unauthorized, await Kbs(null));
            Assert.Equal(HttpStatusCode.OK, await Kbs(early));
            Assert.Equal(HttpStatusCode.OK, await Kbs(late));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        using var store = PostgresStore.Open(url);
        Assert.Equal(["early", "late"], store.ListKeys().Select(k => k.Name));
    }

    [Fact]
    public async Task A_key_made_for_a_new_folder_on_a_database_is_accepted_by_a_server_that_creates_the_knowledge_base_there()
    {
        var url = postgres.CreateDatabase();
        var folder = Path.Combine(_temp.Path, "new", PostgresServedKnowledgeBase.Name);
        var secret = CreateKey(["--kb", folder, "--database", url], "ops", "write"); // no knowledge base yet: the key goes to the database
        Assert.False(File.Exists(Path.Combine(folder, KeyStore.FileName)));

        // `tailor serve --kb DIR --database URL` on the empty folder: the knowledge base is created in the database, its keys are there
        var app = TailorServer.Build(new ServerOptions { KnowledgeBase = folder, Database = url, Urls = "http://127.0.0.1:0" });
        await app.StartAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(TailorServer.Addresses(app).First(x => x.StartsWith("http://127.0.0.1", StringComparison.Ordinal)) + "/") };
            Assert.Equal(HttpStatusCode.OK, await UntilAsync(client, secret, HttpStatusCode.OK, TimeSpan.FromSeconds(60))); // once the knowledge base is open
            Assert.Equal(HttpStatusCode.Unauthorized, await ListStatusAsync(client, null));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        using var kb = KnowledgeBase.OpenExisting(folder);
        Assert.Equal(url, kb.Options.Database);
        Assert.False(File.Exists(Path.Combine(folder, KnowledgeBase.DatabaseFileName)));
    }

    public void Dispose() => _temp.Dispose();
}
