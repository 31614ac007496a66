using Tailor.Postgres.Tests.Servers;
using Tailor.Retrieval;
using Tailor.Storage;
using Tailor.Testing;

namespace Tailor.Postgres.Tests.Conformance;

/// <summary>
/// Two Tailor servers on one PostgreSQL database: two knowledge base folders, each with its own connections and
/// sessions (as two processes have), pointing at one database on Debian's PostgreSQL 15.
/// </summary>
public sealed class SharedDatabaseTests(NativePostgres server) : IClassFixture<NativePostgres>, IDisposable
{
    private readonly TempDirectory _temp = new("tailor-shared-db");

    static SharedDatabaseTests() => PostgresStore.Register();

    private string Docs(string folder, IEnumerable<int> ids)
    {
        foreach (var i in ids) _temp.Write($"{folder}/doc{i:D2}.md", $"# Doc {i}\n\nWord{i}x appears only here. Shared text about lakes and rivers {i}.\n");
        return _temp.File(folder);
    }

    [Fact]
    public async Task Two_servers_ingesting_at_once_lose_nothing_write_no_document_twice_and_see_each_others_documents()
    {
        var url = server.CreateDatabase();
        // the same files reach both servers for 10 of the documents (one shared folder), the rest only one of them
        var shared = Docs("shared", Enumerable.Range(0, 10));
        var onlyA = Docs("a", Enumerable.Range(10, 10));
        var onlyB = Docs("b", Enumerable.Range(20, 10));
        using var a = KnowledgeBase.Open(_temp.File("kb-a"), new KnowledgeBaseOptions { Database = url });
        using var b = KnowledgeBase.Open(_temp.File("kb-b"), new KnowledgeBaseOptions { Database = url });
        var results = await Task.WhenAll(
            Task.Run(() => a.IngestAsync([shared, onlyA])),
            Task.Run(() => b.IngestAsync([shared, onlyB])));

        Assert.All(results, r => Assert.Empty(r.Failures));
        Assert.Equal(30, results.Sum(r => r.Added)); // each shared document written by one of them; the other found it unchanged
        Assert.Equal(10, results.Sum(r => r.Unchanged));
        using var store = PostgresStore.Open(url);
        Assert.Equal(30, store.Counts().Documents);
        Assert.Empty(store.CheckRows());

        // each server finds what the other ingested, on its next search
        Assert.Equal("doc25.md", (await a.SearchAsync("word25x", new SearchOptions { Mode = SearchMode.Lexical, K = 1 })).Hits.Single().DocumentId);
        Assert.Equal("doc15.md", (await b.SearchAsync("word15x", new SearchOptions { Mode = SearchMode.Lexical, K = 1 })).Hits.Single().DocumentId);
        Assert.True(a.Check().Ok, string.Join("; ", a.Check().Problems));
        Assert.True(b.Check().Ok, string.Join("; ", b.Check().Problems));
    }

    [Fact]
    public async Task A_server_keeps_serving_after_PostgreSQL_restarts()
    {
        using var own = new NativePostgres(); // restarted here: not the server the other tests share
        var url = own.CreateDatabase();
        using var kb = KnowledgeBase.Open(_temp.File("kb"), new KnowledgeBaseOptions { Database = url });
        await kb.IngestAsync([Docs("docs", Enumerable.Range(0, 12))]);
        Assert.Single((await kb.SearchAsync("word3x", new SearchOptions { Mode = SearchMode.Lexical, K = 1 })).Hits);
        own.Restart();
        // the pool's connections died with the server; the first use after the restart may fail, later ones reconnect
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                Assert.Single((await kb.SearchAsync("word4x", new SearchOptions { Mode = SearchMode.Lexical, K = 1 })).Hits);
                break;
            }
            catch (Exception ex) when (attempt < 3 && ex is TailorException or Npgsql.NpgsqlException)
            {
            }
        }
    }

    public void Dispose() => _temp.Dispose();
}
