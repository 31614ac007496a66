using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tailor.Server.Access;
using Tailor.Testing;

namespace Tailor.Server.Tests.Access;

public sealed class KeyTests
{
    [Fact]
    public void Only_the_hash_of_a_key_is_stored_and_a_revoked_key_no_longer_matches()
    {
        using var temp = new TempDirectory();
        var store = new KeyStore(temp.Path);
        var (key, secret) = store.Create("bot", KeyScope.Read, ["staff"]);
        var file = File.ReadAllText(Path.Combine(temp.Path, KeyStore.FileName));
        Assert.DoesNotContain(secret, file);
        Assert.Contains(KeyStore.HashOf(secret), file);
        Assert.Equal("bot", new KeyStore(temp.Path).Find(secret)?.Name);
        Assert.Null(store.Find(secret + "x"));
        Assert.True(store.Revoke("bot"));
        Assert.Null(new KeyStore(temp.Path).Find(secret));
        Assert.Equal(["staff"], key.Groups);
    }

    [Fact]
    public async Task Missing_unknown_and_revoked_keys_get_401_and_a_small_scope_gets_403()
    {
        await using var server = await ServerHarness.StartAsync();
        var store = new KeyStore(server.KbDirectory);
        var (_, reader) = store.Create("reader", KeyScope.Read);
        var (_, writer) = store.Create("writer", KeyScope.Write);
        var (_, other) = store.Create("other-kb", KeyScope.Admin, only: "elsewhere");

        using (var none = await server.Client.PostAsJsonAsync("api/kbs/handbook/search", new { query = "vacation" }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
            Assert.Equal("application/problem+json", none.Content.Headers.ContentType?.MediaType);
            Assert.Contains("Bearer", none.Headers.WwwAuthenticate.ToString());
        }
        server.UseKey("tk_not-a-key");
        using (var unknown = await server.Client.GetAsync("api/kbs"))
            Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);

        server.UseKey(reader);
        using (var search = await server.Client.PostAsJsonAsync("api/kbs/handbook/search", new { query = "vacation" }))
            Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        using (var upload = await server.Client.PostAsJsonAsync("api/kbs/handbook/documents", new { id = "x", text = "y" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, upload.StatusCode);
            var problem = await upload.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains("--scope write", problem.GetProperty("detail").GetString());
        }

        server.UseKey(writer);
        using (var upload = await server.Client.PostAsJsonAsync("api/kbs/handbook/documents", new { id = "x", text = "y" }))
            Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        using (var create = await server.Client.PostAsJsonAsync("api/kbs", new { name = "more" }))
            Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);

        server.UseKey(other);
        using (var search = await server.Client.PostAsJsonAsync("api/kbs/handbook/search", new { query = "vacation" }))
            Assert.Equal(HttpStatusCode.Forbidden, search.StatusCode);
        var models = await server.Client.GetFromJsonAsync<JsonElement>("v1/models");
        Assert.Equal(0, models.GetProperty("data").GetArrayLength());

        Assert.True(store.Revoke("reader"));
        server.UseKey(reader);
        using (var revoked = await server.Client.PostAsJsonAsync("api/kbs/handbook/search", new { query = "vacation" }))
            Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);

        // with every key revoked the server refuses everyone: it does not go back to answering without a key
        Assert.True(store.Revoke("writer"));
        Assert.True(store.Revoke("other-kb"));
        Assert.False(store.AnyActive);
        server.UseKey(writer);
        using (var lastRevoked = await server.Client.PostAsJsonAsync("api/kbs/handbook/search", new { query = "vacation" }))
            Assert.Equal(HttpStatusCode.Unauthorized, lastRevoked.StatusCode);
        server.UseKey(null);
        using (var noKey = await server.Client.PostAsJsonAsync("api/kbs/handbook/search", new { query = "vacation" }))
            Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);

        using var health = await server.Client.GetAsync("healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public void The_cli_creates_lists_and_revokes_keys_and_prints_the_key_once()
    {
        using var temp = new TempDirectory();
        var created = CliProcess.Run(["keys", "create", "--name", "ci", "--scope", "write", "--groups", "a,b", "--kb", temp.Path, "--json"]);
        Assert.Equal(0, created.ExitCode);
        var secret = JsonDocument.Parse(created.StdOut).RootElement.GetProperty("key").GetString()!;
        Assert.Equal("ci", new KeyStore(temp.Path).Find(secret)?.Name);
        var listed = CliProcess.Run(["keys", "list", "--kb", temp.Path, "--json"]);
        Assert.Equal(0, listed.ExitCode);
        Assert.DoesNotContain(secret, listed.StdOut);
        Assert.Contains("\"write\"", listed.StdOut);
        Assert.Equal(0, CliProcess.Run(["keys", "revoke", "ci", "--kb", temp.Path]).ExitCode);
        Assert.Null(new KeyStore(temp.Path).Find(secret));
        Assert.Equal(2, CliProcess.Run(["keys", "revoke", "ci", "--kb", temp.Path]).ExitCode);
    }
}
