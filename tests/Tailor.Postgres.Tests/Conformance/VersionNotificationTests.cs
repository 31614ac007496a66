using Tailor.Chunking;
using Tailor.Postgres.Tests.Servers;
using Tailor.Retrieval;
using Tailor.Storage;
using Tailor.Testing;

namespace Tailor.Postgres.Tests.Conformance;

/// <summary>
/// Version moves told by LISTEN/NOTIFY on Debian's PostgreSQL 15: a store learns of another store's (and another
/// process's) writes without reading the version on every search, and falls back to reading it where it cannot listen.
/// </summary>
public sealed class VersionNotificationTests(NativePostgres server) : IClassFixture<NativePostgres>, IDisposable
{
    private readonly TempDirectory _temp = new("tailor-pg-notify");

    static VersionNotificationTests() => PostgresStore.Register();

    private static DocumentWrite Doc(string id) =>
        new(new StoredDocument(id, "/docs/" + id, "/docs", "T", "markdown", "h-" + id, 10, 1, "2024-01-01T00:00:00Z"), [new ChunkDraft("text of " + id, "S", 1, 1, null, 3)]);

    private static async Task<T> Eventually<T>(Func<T> read, Func<T, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        T value;
        while (!done(value = read()))
        {
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException($"{what} did not happen; last value: {value}");
            await Task.Delay(20);
        }
        return value;
    }

    [Fact]
    public async Task A_listening_store_knows_its_version_until_another_store_writes()
    {
        var url = server.CreateDatabase();
        using var reader = PostgresStore.Open(url);
        using var writer = PostgresStore.Open(url);
        Assert.Null(reader.KnownVersion); // not listening before it is first asked
        await Eventually(() => reader.IsListening, up => up, "the listener coming up");
        var before = reader.Version();
        Assert.Equal(before, await Eventually(() => reader.KnownVersion, v => v is not null, "the version being known"));

        writer.Write([Doc("a.md")]);
        await Eventually(() => reader.KnownVersion, v => v != before, "the other store's write being noticed");
        var after = reader.Version();
        Assert.Equal(before.Generation + 1, after.Generation);
        Assert.Equal(after, await Eventually(() => reader.KnownVersion, v => v is not null, "the new version being known"));

        writer.WriteEmbeddings("m", [(writer.ChunksOf("a.md")[0].Id, new float[] { 1, 0 })]);
        await Eventually(() => reader.KnownVersion, v => v != after, "the other store's embeddings being noticed");
        Assert.Equal(after.Embeddings + 1, reader.Version().Embeddings);
    }

    [Fact]
    public async Task A_knowledge_base_sees_what_another_tailor_process_ingests_into_the_same_database()
    {
        var url = server.CreateDatabase();
        var first = _temp.Write("docs/first.md", "# First\n\nThe aardvark report covers burrows.\n");
        using var kb = KnowledgeBase.Open(_temp.File("kb-here"), new KnowledgeBaseOptions { Database = url });
        await kb.IngestAsync([first]);
        var lexical = new SearchOptions { Mode = SearchMode.Lexical, K = 5 };
        Assert.Single((await kb.SearchAsync("aardvark", lexical)).Hits);

        var second = _temp.Write("other/second.md", "# Second\n\nZeppelin maintenance schedules for the hangar.\n");
        var ingest = CliProcess.Run(["ingest", second, "--kb", _temp.File("kb-there"), "--database", url]);
        Assert.True(ingest.ExitCode == 0, ingest.StdErr);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        List<string> found;
        while ((found = (await kb.SearchAsync("zeppelin", lexical)).Hits.Select(h => h.DocumentId).ToList()).Count == 0 && DateTime.UtcNow < deadline)
            await Task.Delay(20);
        Assert.Equal(["second.md"], found);
    }

    [Fact]
    public async Task Where_the_pool_allows_one_connection_the_store_does_not_listen_and_reads_the_version_each_time()
    {
        var url = server.CreateDatabase();
        using var reader = PostgresStore.Open(url + "?Maximum Pool Size=1");
        using var writer = PostgresStore.Open(url);
        var before = reader.Version();
        await Task.Delay(200);
        Assert.Null(reader.KnownVersion);
        Assert.False(reader.IsListening);
        writer.Write([Doc("b.md")]);
        Assert.Equal(before.Generation + 1, reader.Version().Generation);
    }

    public void Dispose() => _temp.Dispose();
}
