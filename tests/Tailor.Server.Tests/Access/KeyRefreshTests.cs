using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Tailor.Server.Access;
using Tailor.Testing;

namespace Tailor.Server.Tests.Access;

/// <summary>
/// The keys' refresh outlives a store that cannot be read (here the knowledge base's SQLite file replaced by one that is
/// no database: SQLite's own exception, as a damaged or swapped file gives), the server refuses keys once that has lasted,
/// and a key revoked by another process after the store is back is refused.
/// </summary>
public sealed class KeyRefreshTests
{
    private static async Task<HttpStatusCode> StatusAsync(ServerHarness server, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/kbs/{server.Kb}/documents?limit=1");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await server.Client.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>Asks until the answer is <paramref name="expected"/> or a minute has passed (a generous bound for a loaded machine); returns the last answer.</summary>
    private static Task<HttpStatusCode> UntilAsync(ServerHarness server, string key, HttpStatusCode expected) =>
        Poll.UntilAsync(() => StatusAsync(server, key), status => status == expected, TimeSpan.FromMinutes(1));

    [Fact]
    public async Task The_server_keeps_refreshing_its_keys_through_a_store_that_cannot_be_read_and_then_refuses_a_key_revoked_after()
    {
        // a short time without a read before keys are refused (the default is 5 minutes), to see the server fail closed
        await using var server = await ServerHarness.StartAsync(o => o with { KeysUnreadableAfter = TimeSpan.FromSeconds(3) });
        string reader, operatorKey;
        using (var keys = new KeyStore(server.KbDirectory))
        {
            reader = keys.Create("reader", KeyScope.Read).Secret;
            operatorKey = keys.Create("operator", KeyScope.Admin).Secret;
        }
        Assert.Equal(HttpStatusCode.OK, await UntilAsync(server, reader, HttpStatusCode.OK));

        var database = Path.Combine(server.KbDirectory, KnowledgeBase.DatabaseFileName);
        string[] files = [database, database + "-wal", database + "-shm"];
        var aside = Path.Combine(server.Folder, "aside");
        Directory.CreateDirectory(aside);
        foreach (var file in files.Where(File.Exists)) File.Move(file, Path.Combine(aside, Path.GetFileName(file)));
        File.WriteAllText(database, new string('x', 4096)); // not a database: every read fails with SQLITE_NOTADB
        SqliteConnection.ClearAllPools(); // the connections opened before hold the moved file: new ones open the path
        try
        {
            // the keys read last stay in use for a while, then every key is refused rather than one that may be revoked
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await UntilAsync(server, reader, HttpStatusCode.ServiceUnavailable));
            using var request = new HttpRequestMessage(HttpMethod.Get, "api/kbs");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", operatorKey);
            using var refused = await server.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Contains("key store", JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString());
            using var health = await server.Client.GetAsync("healthz");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode); // the server keeps running
        }
        finally
        {
            File.Delete(database);
            foreach (var file in files) if (File.Exists(Path.Combine(aside, Path.GetFileName(file)))) File.Move(Path.Combine(aside, Path.GetFileName(file)), file);
            SqliteConnection.ClearAllPools(); // and the ones opened meanwhile hold the file that was no database
        }

        // the refresh kept trying: the keys work again, and a revoke made by another process now is seen by the refresh
        Assert.Equal(HttpStatusCode.OK, await UntilAsync(server, reader, HttpStatusCode.OK));
        Assert.Equal(0, CliProcess.Run(["keys", "revoke", "reader", "--kb", server.KbDirectory]).ExitCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await UntilAsync(server, reader, HttpStatusCode.Unauthorized));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(server, operatorKey));
    }
}
