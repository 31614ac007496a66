using System.Net;
using Tailor.Server.Access;
using Tailor.Storage;
using Tailor.Testing;

namespace Tailor.Server.Tests.Access;

/// <summary>Keys in the knowledge base's SQLite store: a keys.json imported once, keys that outlive a server, and the one rule for where they are.</summary>
public sealed class KeyStoreTests
{
    [Fact]
    public void A_keys_json_beside_a_knowledge_base_is_imported_into_its_store_once_and_renamed()
    {
        using var temp = new TempDirectory();
        var kb = temp.File("kb");
        string secret;
        using (var file = new KeyStore(kb)) // no knowledge base yet: keys.json, as older Tailors kept every key
        {
            secret = file.Create("old", KeyScope.Write, ["staff"]).Secret;
            file.Create("gone", KeyScope.Read);
            Assert.True(file.Revoke("gone"));
            Assert.False(file.InStore);
        }
        Assert.True(File.Exists(Path.Combine(kb, KeyStore.FileName)));
        KnowledgeBase.Open(kb).Dispose();

        var notices = new List<string>();
        using (var keys = new KeyStore(kb, notices.Add))
        {
            Assert.True(keys.InStore);
            Assert.Equal(Path.Combine(kb, KnowledgeBase.DatabaseFileName), keys.Location);
            Assert.Contains("imported 2 key(s)", Assert.Single(notices));
            Assert.False(File.Exists(Path.Combine(kb, KeyStore.FileName)));
            Assert.True(File.Exists(Path.Combine(kb, KeyStore.ImportedFileName)));
            var old = keys.Find(secret);
            Assert.Equal(("old", KeyScope.Write), (old?.Name, old?.Scope));
            Assert.Equal(["staff"], old!.Groups);
            Assert.Equal([true, false], keys.List().Select(k => k.IsActive)); // the revoked key came along, still revoked
        }

        using (var store = SqliteStore.Open(Path.Combine(kb, KnowledgeBase.DatabaseFileName)))
            Assert.Equal(["old", "gone"], store.ListKeys().Select(k => k.Name));
        using (var keys = new KeyStore(kb))
        {
            Assert.Equal(409, Assert.Throws<ServerException>(() => keys.Create("old", KeyScope.Read)).Status); // an active key has the name
            Assert.Equal(400, Assert.Throws<ServerException>(() => keys.Create(" ", KeyScope.Read)).Status);
            keys.Create("gone", KeyScope.Read); // a revoked key's name is free
        }
        notices.Clear();
        using var again = new KeyStore(kb, notices.Add);
        Assert.Empty(notices); // nothing is read twice
        Assert.Equal(3, again.List().Count);
        Assert.Equal("old", again.Find(secret)?.Name);
    }

    [Fact]
    public void A_keys_json_with_a_name_an_active_stored_key_has_is_imported_under_a_name_of_its_own()
    {
        using var temp = new TempDirectory();
        var kb = temp.File("kb");
        KnowledgeBase.Open(kb).Dispose();
        using (var keys = new KeyStore(kb)) keys.Create("admin", KeyScope.Admin);
        // another server's keys.json (a copy of the folder made before keys were stored) with its own "admin"
        var other = temp.File("other");
        string secret;
        using (var file = new KeyStore(other)) secret = file.Create("admin", KeyScope.Admin).Secret;
        File.Copy(Path.Combine(other, KeyStore.FileName), Path.Combine(kb, KeyStore.FileName));

        var notices = new List<string>();
        using var imported = new KeyStore(kb, notices.Add);
        Assert.Equal("admin-imported", imported.Find(secret)?.Name); // the key keeps working
        Assert.Contains("\"admin\" as \"admin-imported\"", Assert.Single(notices));
        Assert.Equal(["admin", "admin-imported"], imported.List().Select(k => k.Name));
    }

    [Fact]
    public async Task A_key_made_before_the_server_created_the_knowledge_base_works_and_is_still_accepted_after_a_restart()
    {
        using var temp = new TempDirectory("tailor-server");
        string secret = "";
        var first = await ServerHarness.StartAsync(reuse: temp, prepare: dir =>
        {
            using var keys = new KeyStore(dir); // `tailor keys create --kb DIR` before the first `tailor serve --kb DIR`
            secret = keys.Create("ops", KeyScope.Admin).Secret;
        });
        var kb = first.KbDirectory;
        try
        {
            using (var anonymous = await first.Client.GetAsync("api/kbs"))
                Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            first.UseKey(secret);
            using (var listed = await first.Client.GetAsync("api/kbs"))
                Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
            // once the server has created the knowledge base, its refresh takes the file into the store
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (!File.Exists(Path.Combine(kb, KeyStore.ImportedFileName)) && DateTime.UtcNow < deadline) await Task.Delay(50);
            Assert.True(File.Exists(Path.Combine(kb, KeyStore.ImportedFileName)), "keys.json was not imported");
            Assert.False(File.Exists(Path.Combine(kb, KeyStore.FileName)));
            using (var stillListed = await first.Client.GetAsync("api/kbs"))
                Assert.Equal(HttpStatusCode.OK, stillListed.StatusCode);
        }
        finally
        {
            first.Client.Dispose();
            await first.App.StopAsync();
            await first.App.DisposeAsync();
        }

        await using var second = await ServerHarness.StartAsync(reuse: temp);
        using (var anonymous = await second.Client.GetAsync("api/kbs"))
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        second.UseKey(secret);
        using (var listed = await second.Client.GetAsync("api/kbs"))
            Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        using var store = SqliteStore.Open(Path.Combine(kb, KnowledgeBase.DatabaseFileName));
        Assert.Equal("ops", Assert.Single(store.ListKeys()).Name);
    }

    [Fact]
    public void A_data_folder_without_a_database_keeps_its_keys_in_keys_json()
    {
        using var temp = new TempDirectory();
        var data = temp.File("data");
        string secret;
        using (var keys = KeyStore.Open(null, data, null))
        {
            secret = keys.Create("ops", KeyScope.Admin).Secret;
            Assert.False(keys.InStore);
            Assert.Equal(Path.Combine(data, KeyStore.FileName), keys.Location);
        }
        Assert.Contains(KeyStore.HashOf(secret), File.ReadAllText(Path.Combine(data, KeyStore.FileName)));
        using var again = KeyStore.Open(null, data, null);
        Assert.Equal("ops", again.Find(secret)?.Name);
        var neither = Assert.Throws<ServerException>(() => KeyStore.Open(null, null, null));
        Assert.Equal(400, neither.Status);
    }

}
