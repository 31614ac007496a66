using Tailor.Postgres.Tests.Servers;
using Tailor.Retrieval;
using Tailor.Server.Access;
using Tailor.Sessions;
using Tailor.Testing;

namespace Tailor.Postgres.Tests.Migration;

/// <summary>An embedded knowledge base copied into PostgreSQL (Debian's PostgreSQL 15) with <see cref="KnowledgeBase.MigrateAsync"/>.</summary>
public sealed class StoreMigrationTests(NativePostgres server) : IClassFixture<NativePostgres>, IDisposable
{
    private readonly TempDirectory _temp = new("tailor-migrate");

    static StoreMigrationTests() => PostgresStore.Register();

    [Fact]
    public async Task A_migrated_knowledge_base_has_the_same_documents_vectors_examples_sessions_and_keys_and_both_pass_check()
    {
        string[] topics = ["volcano lava eruption magma crater", "violin orchestra concerto symphony", "glacier ice snow melting", "bread flour yeast oven"];
        for (int i = 0; i < 24; i++)
            _temp.Write($"docs/d{i:D2}.md", $"---\ntags: [t{i % 3}]\n---\n# Note {i}\n\n{topics[i % 4]} entry {i}. Also {topics[(i + 1) % 4].Split(' ')[1]}.\n");
        _temp.Write("docs/sales.csv", "region,product,units\nEMEA,widget,3\nAPAC,gadget,5\n");
        using var source = KnowledgeBase.Open(_temp.File("kb"));
        await source.IngestAsync([_temp.File("docs")]);
        source.Examples.Add("How hot is lava?", "Very hot.");
        source.Sessions.Append("support", SessionMessage.User("hello"), SessionMessage.Assistant("hi"));
        string secret;
        using (var keys = new KeyStore(source.Directory))
        {
            secret = keys.Create("ops", KeyScope.Admin, ["staff"]).Secret;
            keys.Create("old", KeyScope.Read);
            Assert.True(keys.Revoke("old"));
        }

        var result = await source.MigrateAsync(_temp.File("kb-pg"), server.CreateDatabase());
        Assert.Equal((25L, 25L, 25L, 1, 1, 2), (result.Documents, result.Chunks, result.Embeddings, result.Examples, result.Sessions, result.Keys));

        using var copy = KnowledgeBase.OpenExisting(result.Directory);
        Assert.Equal(result.Database, copy.Options.Database);
        foreach (var mode in new[] { SearchMode.Lexical, SearchMode.Vector, SearchMode.Hybrid })
        {
            var options = new SearchOptions { Mode = mode, K = 8, Filter = new SearchFilter { Tags = ["t1"] } };
            var expected = (await source.SearchAsync("lava glacier", options)).Hits.Select(h => (h.DocumentId, Math.Round(h.Score, 5))).ToList();
            var actual = (await copy.SearchAsync("lava glacier", options)).Hits.Select(h => (h.DocumentId, Math.Round(h.Score, 5))).ToList();
            Assert.Equal(expected, actual); // the same vectors and the same built-in embedder: nothing re-embedded
        }
        // the table rows come along: --where finds the same row in the copy
        var where = new SearchOptions { Mode = SearchMode.Lexical, Filter = new SearchFilter { Where = [ColumnCondition.Parse("region=apac")] } };
        Assert.Equal("region | product | units\nAPAC | gadget | 5", Assert.Single((await source.SearchAsync("gadget widget", where)).Hits).Text);
        Assert.Equal("region | product | units\nAPAC | gadget | 5", Assert.Single((await copy.SearchAsync("gadget widget", where)).Hits).Text);
        Assert.True(copy.Documents.Get("sales.csv")!.HeaderRow);
        Assert.Equal(["How hot is lava?"], copy.Examples.List().Select(e => e.Input));
        Assert.Equal(["hello", "hi"], copy.Sessions.Messages("support").Select(m => m.Content));
        using (var copied = new KeyStore(result.Directory)) // the keys came along, the revoked one still revoked
        {
            Assert.True(copied.InStore);
            Assert.Equal(("ops", KeyScope.Admin), (copied.Find(secret)?.Name, copied.Find(secret)?.Scope));
            Assert.Equal([("ops", true), ("old", false)], copied.List().Select(k => (k.Name, k.IsActive)));
        }
        var before = source.Check();
        var after = copy.Check();
        Assert.True(before.Ok && after.Ok, string.Join("; ", before.Problems.Concat(after.Problems)));
        Assert.Equal(before.Embedded, after.Embedded);

        var again = await Assert.ThrowsAsync<TailorException>(() => source.MigrateAsync(_temp.File("kb-pg2"), result.Database.Replace("postgresql://", "postgresql://", StringComparison.Ordinal)));
        Assert.Contains("already holds a knowledge base", again.Message);
    }

    [Fact]
    public async Task Tailor_migrate_takes_a_keys_json_left_beside_the_knowledge_base_into_its_store_and_copies_the_keys()
    {
        _temp.Write("docs/a.md", "# A\n\nLava flows from the crater.\n");
        var dir = _temp.File("kb");
        using (var kb = KnowledgeBase.Open(dir)) await kb.IngestAsync([_temp.File("docs")]);
        string secret;
        using (var older = new KeyStore(_temp.File("older"))) secret = older.Create("ops", KeyScope.Admin).Secret; // keys.json, as older Tailors kept keys
        File.Copy(Path.Combine(_temp.File("older"), KeyStore.FileName), Path.Combine(dir, KeyStore.FileName));

        var url = server.CreateDatabase();
        var run = CliProcess.Run(["migrate", "--kb", dir, "--to", url, "--into", _temp.File("kb-pg"), "--json"], timeout: TimeSpan.FromMinutes(3));
        Assert.True(run.ExitCode == 0, run.StdOut + run.StdErr);
        Assert.Equal(1, System.Text.Json.JsonDocument.Parse(run.StdOut).RootElement.GetProperty("keys").GetInt32());
        Assert.Contains("imported 1 key(s)", run.StdErr);
        Assert.True(File.Exists(Path.Combine(dir, KeyStore.ImportedFileName)));
        using var copied = new KeyStore(_temp.File("kb-pg"));
        Assert.Equal(url, copied.Location);
        Assert.Equal("ops", copied.Find(secret)?.Name);
    }

    public void Dispose() => _temp.Dispose();
}
