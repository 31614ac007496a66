using Tailor.Chunking;
using Tailor.Storage;
using Tailor.Testing;

namespace Tailor.Tests.Storage;

public sealed class SqliteStoreTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private static DocumentWrite Doc(string id, string hash, params string[] chunks) => new(
        new StoredDocument(id, "/src/" + id, "/src", "Title " + id, "markdown", hash, 10, chunks.Length, "2026-01-01T00:00:00Z"),
        chunks.Select((t, i) => new ChunkDraft(t, "S", i + 1, i + 1, null, 3)).ToList());

    [Fact]
    public void Writes_replaces_and_deletes_documents_with_their_chunks()
    {
        using var store = SqliteStore.Open(_temp.File("t.db"));
        var g0 = store.Generation();
        var first = store.Write([Doc("a", "h1", "one", "two"), Doc("b", "h1", "three")]);
        Assert.Equal(2, first[0].NewChunkIds.Length);
        Assert.False(first[0].Replaced);
        Assert.Equal(g0 + 1, store.Generation());

        var second = store.Write([Doc("a", "h2", "uno")]);
        Assert.True(second[0].Replaced);
        Assert.Equal(first[0].NewChunkIds.OrderBy(x => x), second[0].RemovedChunkIds.OrderBy(x => x));
        Assert.Equal(["uno"], store.ChunksOf("a").Select(c => c.Text));
        Assert.Equal("h2", store.DocumentHashes()["a"].Hash);

        var removed = store.Delete(["b", "nope"]);
        Assert.Equal(first[1].NewChunkIds, removed);
        Assert.Null(store.GetDocument("b"));
        Assert.Equal((1L, 1L), store.Counts());
        Assert.Empty(store.CheckRows());
    }

    [Fact]
    public void GetChunks_joins_documents_and_ignores_unknown_ids()
    {
        using var store = SqliteStore.Open(_temp.File("t.db"));
        var ids = store.Write([Doc("a", "h", "alpha", "beta")])[0].NewChunkIds;
        var rows = store.GetChunks([ids[1], 999_999]);
        var (chunk, doc) = Assert.Single(rows).Value;
        Assert.Equal("beta", chunk.Text);
        Assert.Equal("Title a", doc.Title);
    }

    [Fact]
    public void Reopening_keeps_data_and_rejects_unknown_schema_versions()
    {
        var path = _temp.File("t.db");
        using (var store = SqliteStore.Open(path)) store.Write([Doc("a", "h", "alpha")]);
        using (var store = SqliteStore.Open(path)) Assert.Equal((1L, 1L), store.Counts());

        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "UPDATE meta SET value='99' WHERE key='schema_version'";
            cmd.ExecuteNonQuery();
        }
        var ex = Assert.Throws<TailorException>(() => SqliteStore.Open(path));
        Assert.Contains("schema version 99", ex.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_database_gives_a_clear_error()
    {
        var path = _temp.Write("junk.db", new string('x', 5000));
        var ex = Assert.Throws<TailorException>(() => SqliteStore.Open(path));
        Assert.Contains("junk.db", ex.Message);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }
}
