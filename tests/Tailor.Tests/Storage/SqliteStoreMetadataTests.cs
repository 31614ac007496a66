using Microsoft.Data.Sqlite;
using Tailor.Chunking;
using Tailor.Retrieval;
using Tailor.Storage;
using Tailor.Testing;

namespace Tailor.Tests.Storage;

public sealed class SqliteStoreMetadataTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private static DocumentWrite Doc(string id, string source, DateTime? date, string[] tags, params string[] chunks) => new(
        new StoredDocument(id, source, "/src", "Title " + id, "markdown", "h-" + id, 10, chunks.Length, "2026-01-01T00:00:00.0000000Z") { Tags = tags, Date = date },
        chunks.Select((t, i) => new ChunkDraft(t, "S", i + 1, i + 1, null, 3)).ToList());

    private static DateTime Day(int y, int m, int d) => new(y, m, d, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Filters_select_chunks_by_all_tags_source_prefix_and_date_range()
    {
        using var store = SqliteStore.Open(_temp.File("t.db"));
        var w = store.Write([
            Doc("a", "/docs/hr/a.md", Day(2023, 1, 10), ["hr", "policy"], "a1", "a2"),
            Doc("b", "/docs/hr/b.md", Day(2024, 6, 1), ["hr"], "b1"),
            Doc("c", "/docs/eng/c.md", Day(2024, 7, 1), ["policy", "eng"], "c1"),
        ]);
        var a = w[0].NewChunkIds; var b = w[1].NewChunkIds; var c = w[2].NewChunkIds;

        Assert.Equal(a.ToHashSet(), store.FilterChunks(new SearchFilter { Tags = ["HR", "policy"] }.ToChunkFilter()));
        Assert.Equal(a.Concat(c).ToHashSet(), store.FilterChunks(new SearchFilter { Tags = ["policy"] }.ToChunkFilter()));
        Assert.Equal(a.Concat(b).ToHashSet(), store.FilterChunks(new SearchFilter { SourcePrefix = "/docs/hr/" }.ToChunkFilter()));
        Assert.Equal(b.Concat(c).ToHashSet(), store.FilterChunks(new SearchFilter { After = Day(2024, 1, 1) }.ToChunkFilter()));
        Assert.Equal(b.ToHashSet(), store.FilterChunks(new SearchFilter { After = Day(2024, 1, 1), Before = Day(2024, 7, 1) }.ToChunkFilter()));
        Assert.Equal(c.ToHashSet(), store.FilterChunks(new SearchFilter { Tags = ["policy"], After = Day(2024, 1, 1) }.ToChunkFilter()));
        Assert.Empty(store.FilterChunks(new SearchFilter { Tags = ["missing"] }.ToChunkFilter()));
    }

    [Fact]
    public void Rewriting_a_document_replaces_its_tags_and_deleting_it_drops_them()
    {
        using var store = SqliteStore.Open(_temp.File("t.db"));
        store.Write([Doc("a", "/a.md", Day(2023, 1, 1), ["old", "keep"], "x")]);
        store.Write([Doc("a", "/a.md", Day(2024, 1, 1), ["keep", "new"], "y")]);
        var doc = Assert.Single(store.WithMetadata(store.ListDocuments()));
        Assert.Equal(["keep", "new"], doc.Tags);
        Assert.Equal(Day(2024, 1, 1), doc.Date);
        Assert.Empty(store.FilterChunks(new SearchFilter { Tags = ["old"] }.ToChunkFilter()));

        store.Delete(["a"]);
        using var c = new SqliteConnection($"Data Source={_temp.File("t.db")};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM document_tags";
        Assert.Equal(0L, (long)cmd.ExecuteScalar()!);
    }

    /// <summary>The table layout of schema version 1 before tags and dates existed, verbatim.</summary>
    private const string OldSchema = """
        CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE documents(id TEXT PRIMARY KEY, source TEXT NOT NULL, root TEXT NOT NULL, title TEXT NOT NULL,
          format TEXT NOT NULL, content_hash TEXT NOT NULL, bytes INTEGER NOT NULL, chunk_count INTEGER NOT NULL, ingested_at TEXT NOT NULL);
        CREATE INDEX documents_root ON documents(root);
        CREATE TABLE chunks(id INTEGER PRIMARY KEY AUTOINCREMENT, document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
          ordinal INTEGER NOT NULL, section TEXT NOT NULL, text TEXT NOT NULL, line_start INTEGER NOT NULL, line_end INTEGER NOT NULL,
          anchor TEXT, token_count INTEGER NOT NULL, checksum INTEGER NOT NULL);
        CREATE INDEX chunks_document ON chunks(document_id, ordinal);
        CREATE TABLE embeddings(chunk_id INTEGER PRIMARY KEY REFERENCES chunks(id) ON DELETE CASCADE, model_id TEXT NOT NULL, vector BLOB NOT NULL);
        CREATE TABLE models(name TEXT PRIMARY KEY, model_id TEXT NOT NULL, data BLOB NOT NULL, trained_at TEXT NOT NULL);
        INSERT INTO meta(key, value) VALUES ('schema_version', '1');
        INSERT INTO meta(key, value) VALUES ('generation', '3');
        """;

    [Fact]
    public void A_database_made_by_the_old_schema_is_migrated_on_open()
    {
        var path = _temp.File("old.db");
        var source = _temp.Write("docs/a.md", "# A\n\ntext\n");
        var mtime = Day(2022, 3, 4).AddHours(5);
        File.SetLastWriteTimeUtc(source, mtime);
        using (var c = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = OldSchema + $"""
                INSERT INTO documents VALUES ('a.md', '{source}', '/r', 'A', 'markdown', 'h', 10, 1, '2026-01-01T00:00:00.0000000Z');
                INSERT INTO documents VALUES ('gone.md', '/nowhere/gone.md', '/r', 'G', 'markdown', 'h', 10, 1, '2025-02-02T00:00:00.0000000Z');
                INSERT INTO chunks(document_id, ordinal, section, text, line_start, line_end, anchor, token_count, checksum) VALUES ('a.md', 0, '', 'text', 1, 1, NULL, 1, 0);
                INSERT INTO chunks(document_id, ordinal, section, text, line_start, line_end, anchor, token_count, checksum) VALUES ('gone.md', 0, '', 'more', 1, 1, NULL, 1, 0);
                """;
            cmd.ExecuteNonQuery();
        }

        using var store = SqliteStore.Open(path);
        var docs = store.WithMetadata(store.ListDocuments());
        Assert.Equal(mtime, docs.Single(d => d.Id == "a.md").Date); // the file's modification time
        Assert.Equal(Day(2025, 2, 2), docs.Single(d => d.Id == "gone.md").Date); // file gone: its ingest time
        Assert.All(docs, d => Assert.Empty(d.Tags));
        Assert.Equal(3, store.Generation());
        Assert.Single(store.FilterChunks(new SearchFilter { Before = Day(2023, 1, 1) }.ToChunkFilter()));

        // the migrated database takes new writes with tags, and reopens without migrating again
        store.Write([Doc("b", "/b.md", Day(2024, 1, 1), ["x"], "b1")]);
        using var again = SqliteStore.Open(path);
        Assert.Single(again.FilterChunks(new SearchFilter { Tags = ["x"] }.ToChunkFilter()));
        Assert.Empty(again.CheckRows());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }
}
