using Microsoft.Data.Sqlite;

namespace Tailor.Storage;

/// <summary>
/// The system of record of an embedded knowledge base: documents and chunks in one SQLite file,
/// written in transactions (WAL), so a killed process leaves every committed document intact.
/// Derived indexes (lexical, vectors) are rebuilt from here.
/// </summary>
public sealed partial class SqliteStore : IDisposable
{
    /// <summary>Version of the table layout; bumped on incompatible change.</summary>
    public const int SchemaVersion = 1;

    private readonly string _connectionString;
    private readonly SqliteConnection _keepAlive;

    private SqliteStore(string path, SqliteConnection keepAlive)
    {
        Path = path;
        _connectionString = keepAlive.ConnectionString;
        _keepAlive = keepAlive;
    }

    public string Path { get; }

    /// <summary>Opens (creating when missing) the database at <paramref name="path"/>.</summary>
    public static SqliteStore Open(string path)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            Configure(connection);
            Exec(connection, "PRAGMA journal_mode=WAL;");
            EnsureSchema(connection, path);
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw new TailorException($"{path}: cannot open the knowledge base database ({ex.Message}). If the file is damaged, restore it from a backup or delete the folder and ingest again.", ex);
        }
        return new SqliteStore(path, connection);
    }

    private static void Configure(SqliteConnection c) =>
        Exec(c, "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000; PRAGMA temp_store=MEMORY;");

    private static void EnsureSchema(SqliteConnection c, string path)
    {
        Exec(c, """
            CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS documents(
              id TEXT PRIMARY KEY,
              source TEXT NOT NULL,
              root TEXT NOT NULL,
              title TEXT NOT NULL,
              format TEXT NOT NULL,
              content_hash TEXT NOT NULL,
              bytes INTEGER NOT NULL,
              chunk_count INTEGER NOT NULL,
              ingested_at TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS documents_root ON documents(root);
            CREATE TABLE IF NOT EXISTS chunks(
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
              ordinal INTEGER NOT NULL,
              section TEXT NOT NULL,
              text TEXT NOT NULL,
              line_start INTEGER NOT NULL,
              line_end INTEGER NOT NULL,
              anchor TEXT,
              token_count INTEGER NOT NULL,
              checksum INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS chunks_document ON chunks(document_id, ordinal);
            CREATE TABLE IF NOT EXISTS embeddings(
              chunk_id INTEGER PRIMARY KEY REFERENCES chunks(id) ON DELETE CASCADE,
              model_id TEXT NOT NULL,
              vector BLOB NOT NULL);
            CREATE TABLE IF NOT EXISTS models(
              name TEXT PRIMARY KEY,
              model_id TEXT NOT NULL,
              data BLOB NOT NULL,
              trained_at TEXT NOT NULL);
            INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', '1');
            INSERT OR IGNORE INTO meta(key, value) VALUES ('generation', '0');
            """);
        EnsureMetadataSchema(c);
        var version = Scalar<string>(c, "SELECT value FROM meta WHERE key='schema_version'");
        if (version != SchemaVersion.ToString())
            throw new TailorException($"{path}: database schema version {version} is not supported by this Tailor (expects {SchemaVersion}). Use a matching Tailor version or re-ingest into a new knowledge base.");
    }

    /// <summary>A pooled, configured connection to the database (also for the side tables of <see cref="ExampleStore"/> and <see cref="SessionStore"/>).</summary>
    internal SqliteConnection Connect()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        Configure(c);
        return c;
    }

    /// <summary>A counter bumped by every committed write; derived indexes record the generation they reflect.</summary>
    public long Generation()
    {
        using var c = Connect();
        return long.Parse(Scalar<string>(c, "SELECT value FROM meta WHERE key='generation'")!);
    }

    /// <summary>Id → (content hash, root) of every stored document, to decide what to skip.</summary>
    public Dictionary<string, (string Hash, string Root, string Source)> DocumentHashes()
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT id, content_hash, root, source FROM documents";
        using var r = cmd.ExecuteReader();
        var map = new Dictionary<string, (string, string, string)>(StringComparer.Ordinal);
        while (r.Read()) map[r.GetString(0)] = (r.GetString(1), r.GetString(2), r.GetString(3));
        return map;
    }

    /// <summary>Result of writing one document: the chunk ids it now has and the ones it lost.</summary>
    public readonly record struct WriteOutcome(string DocumentId, bool Replaced, long[] NewChunkIds, long[] RemovedChunkIds);

    /// <summary>
    /// Writes a batch of document versions in one transaction. A replaced document's new chunks are
    /// inserted before its old ones are deleted, and both happen in the same commit.
    /// </summary>
    public List<WriteOutcome> Write(IReadOnlyList<DocumentWrite> batch)
    {
        var outcomes = new List<WriteOutcome>(batch.Count);
        using var c = Connect();
        using var tx = c.BeginTransaction();
        using var oldIds = Command(c, tx, "SELECT id FROM chunks WHERE document_id=$d");
        using var upsert = Command(c, tx, """
            INSERT INTO documents(id, source, root, title, format, content_hash, bytes, chunk_count, ingested_at)
            VALUES ($id, $source, $root, $title, $format, $hash, $bytes, $count, $at)
            ON CONFLICT(id) DO UPDATE SET source=excluded.source, root=excluded.root, title=excluded.title,
              format=excluded.format, content_hash=excluded.content_hash, bytes=excluded.bytes,
              chunk_count=excluded.chunk_count, ingested_at=excluded.ingested_at
            """);
        using var insert = Command(c, tx, """
            INSERT INTO chunks(document_id, ordinal, section, text, line_start, line_end, anchor, token_count, checksum)
            VALUES ($d, $o, $s, $t, $ls, $le, $a, $tc, $ck) RETURNING id
            """);
        using var deleteChunk = Command(c, tx, "DELETE FROM chunks WHERE id=$id");
        foreach (var write in batch)
        {
            var doc = write.Document;
            oldIds.Parameters.Clear();
            oldIds.Parameters.AddWithValue("$d", doc.Id);
            var previous = new List<long>();
            using (var r = oldIds.ExecuteReader()) while (r.Read()) previous.Add(r.GetInt64(0));

            upsert.Parameters.Clear();
            upsert.Parameters.AddWithValue("$id", doc.Id);
            upsert.Parameters.AddWithValue("$source", doc.Source);
            upsert.Parameters.AddWithValue("$root", doc.Root);
            upsert.Parameters.AddWithValue("$title", doc.Title);
            upsert.Parameters.AddWithValue("$format", doc.Format);
            upsert.Parameters.AddWithValue("$hash", doc.ContentHash);
            upsert.Parameters.AddWithValue("$bytes", doc.Bytes);
            upsert.Parameters.AddWithValue("$count", write.Chunks.Count);
            upsert.Parameters.AddWithValue("$at", doc.IngestedAt);
            upsert.ExecuteNonQuery();
            WriteMetadata(c, tx, doc);

            var fresh = new long[write.Chunks.Count];
            for (int i = 0; i < write.Chunks.Count; i++)
            {
                var ch = write.Chunks[i];
                insert.Parameters.Clear();
                insert.Parameters.AddWithValue("$d", doc.Id);
                insert.Parameters.AddWithValue("$o", i);
                insert.Parameters.AddWithValue("$s", ch.Section);
                insert.Parameters.AddWithValue("$t", ch.Text);
                insert.Parameters.AddWithValue("$ls", ch.LineStart);
                insert.Parameters.AddWithValue("$le", ch.LineEnd);
                insert.Parameters.AddWithValue("$a", (object?)ch.Anchor ?? DBNull.Value);
                insert.Parameters.AddWithValue("$tc", ch.TokenCount);
                insert.Parameters.AddWithValue("$ck", Checksums.Fnv1a64(ch.Text));
                fresh[i] = (long)insert.ExecuteScalar()!;
            }
            foreach (var id in previous)
            {
                deleteChunk.Parameters.Clear();
                deleteChunk.Parameters.AddWithValue("$id", id);
                deleteChunk.ExecuteNonQuery();
            }
            outcomes.Add(new WriteOutcome(doc.Id, previous.Count > 0, fresh, previous.ToArray()));
        }
        BumpGeneration(c, tx);
        tx.Commit();
        return outcomes;
    }

    /// <summary>Deletes documents (and their chunks) in one transaction; returns the removed chunk ids.</summary>
    public List<long> Delete(IReadOnlyCollection<string> documentIds)
    {
        var removed = new List<long>();
        if (documentIds.Count == 0) return removed;
        using var c = Connect();
        using var tx = c.BeginTransaction();
        using var ids = Command(c, tx, "SELECT id FROM chunks WHERE document_id=$d");
        using var del = Command(c, tx, "DELETE FROM documents WHERE id=$d");
        foreach (var id in documentIds)
        {
            ids.Parameters.Clear();
            ids.Parameters.AddWithValue("$d", id);
            using (var r = ids.ExecuteReader()) while (r.Read()) removed.Add(r.GetInt64(0));
            del.Parameters.Clear();
            del.Parameters.AddWithValue("$d", id);
            del.ExecuteNonQuery();
        }
        BumpGeneration(c, tx);
        tx.Commit();
        return removed;
    }

    private static void BumpGeneration(SqliteConnection c, SqliteTransaction tx)
    {
        using var cmd = Command(c, tx, "UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key='generation'");
        cmd.ExecuteNonQuery();
    }

    /// <summary>The chunks with the given ids joined with their document, in no particular order.</summary>
    public Dictionary<long, (StoredChunk Chunk, StoredDocument Document)> GetChunks(IReadOnlyList<long> ids)
    {
        var result = new Dictionary<long, (StoredChunk, StoredDocument)>(ids.Count);
        if (ids.Count == 0) return result;
        using var c = Connect();
        const int Batch = 500;
        for (int start = 0; start < ids.Count; start += Batch)
        {
            int n = Math.Min(Batch, ids.Count - start);
            using var cmd = c.CreateCommand();
            var names = new string[n];
            for (int i = 0; i < n; i++)
            {
                names[i] = "$p" + i;
                cmd.Parameters.AddWithValue(names[i], ids[start + i]);
            }
            cmd.CommandText = $"""
                SELECT c.id, c.document_id, c.ordinal, c.section, c.text, c.line_start, c.line_end, c.anchor, c.token_count,
                       d.source, d.root, d.title, d.format, d.content_hash, d.bytes, d.chunk_count, d.ingested_at
                FROM chunks c JOIN documents d ON d.id = c.document_id WHERE c.id IN ({string.Join(',', names)})
                """;
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var chunk = ReadChunk(r);
                var doc = new StoredDocument(chunk.DocumentId, r.GetString(9), r.GetString(10), r.GetString(11), r.GetString(12),
                    r.GetString(13), r.GetInt64(14), r.GetInt32(15), r.GetString(16));
                result[chunk.Id] = (chunk, doc);
            }
        }
        return result;
    }

    private static StoredChunk ReadChunk(SqliteDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetInt32(2), r.GetString(3), r.GetString(4),
        r.GetInt32(5), r.GetInt32(6), r.IsDBNull(7) ? null : r.GetString(7), r.GetInt32(8));

    /// <summary>All documents, ordered by id.</summary>
    public List<StoredDocument> ListDocuments(string? idPrefix = null)
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT id, source, root, title, format, content_hash, bytes, chunk_count, ingested_at FROM documents"
            + (idPrefix is null ? "" : " WHERE substr(id, 1, length($p)) = $p") + " ORDER BY id";
        if (idPrefix is not null) cmd.Parameters.AddWithValue("$p", idPrefix);
        using var r = cmd.ExecuteReader();
        var list = new List<StoredDocument>();
        while (r.Read()) list.Add(ReadDocument(r));
        return list;
    }

    public StoredDocument? GetDocument(string id)
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT id, source, root, title, format, content_hash, bytes, chunk_count, ingested_at FROM documents WHERE id=$id";
        cmd.Parameters.AddWithValue("$id", id);
        using var r = cmd.ExecuteReader();
        return r.Read() ? ReadDocument(r) : null;
    }

    private static StoredDocument ReadDocument(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5),
        r.GetInt64(6), r.GetInt32(7), r.GetString(8));

    /// <summary>The chunks of one document, in order.</summary>
    public List<StoredChunk> ChunksOf(string documentId)
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT id, document_id, ordinal, section, text, line_start, line_end, anchor, token_count FROM chunks WHERE document_id=$d ORDER BY ordinal";
        cmd.Parameters.AddWithValue("$d", documentId);
        using var r = cmd.ExecuteReader();
        var list = new List<StoredChunk>();
        while (r.Read()) list.Add(ReadChunk(r));
        return list;
    }

    /// <summary>Streams (chunk id, section, text, stored checksum) of every chunk, for rebuilding and checking derived indexes.</summary>
    public IEnumerable<(long Id, string Section, string Text, long Checksum)> ScanChunks()
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT id, section, text, checksum FROM chunks ORDER BY id";
        using var r = cmd.ExecuteReader();
        while (r.Read()) yield return (r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetInt64(3));
    }

    /// <summary>Streams (chunk id, document title, section, text) of every chunk: the input of a lexical rebuild.</summary>
    public IEnumerable<(long Id, string Title, string Section, string Text)> ScanChunksForIndex()
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT c.id, d.title, c.section, c.text FROM chunks c JOIN documents d ON d.id = c.document_id ORDER BY c.id";
        using var r = cmd.ExecuteReader();
        while (r.Read()) yield return (r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3));
    }

    /// <summary>
    /// Up to <paramref name="limit"/> chunks with ids above <paramref name="afterId"/>, in id order: a page of
    /// <see cref="ScanChunksForIndex"/> read in its own short read, for walks that write in between (a reader
    /// held open across writes keeps the WAL from being checkpointed).
    /// </summary>
    public List<(long Id, string Title, string Section, string Text)> ChunksForIndexPage(long afterId, int limit)
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT c.id, d.title, c.section, c.text FROM chunks c JOIN documents d ON d.id = c.document_id WHERE c.id > $after ORDER BY c.id LIMIT $limit";
        cmd.Parameters.AddWithValue("$after", afterId);
        cmd.Parameters.AddWithValue("$limit", limit);
        using var r = cmd.ExecuteReader();
        var page = new List<(long, string, string, string)>(limit);
        while (r.Read()) page.Add((r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3)));
        return page;
    }

    /// <summary>The stored model called <paramref name="name"/> (e.g. the built-in embedder), or null.</summary>
    public (string ModelId, byte[] Data)? ReadModel(string name)
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT model_id, data FROM models WHERE name=$n";
        cmd.Parameters.AddWithValue("$n", name);
        using var r = cmd.ExecuteReader();
        if (!r.Read()) return null;
        if (r.GetValue(1) is not byte[] data)
            throw new TailorException($"{Path}: the stored model '{name}' is damaged (not binary data).");
        return (r.GetString(0), data);
    }

    /// <summary>
    /// Stores embeddings. With <paramref name="model"/>, the model is saved and every older embedding is
    /// dropped in the same transaction (a retrain); otherwise the embeddings are added. <paramref name="vectors"/>
    /// is read inside the transaction, so it may stream (it may read the database on other connections).
    /// </summary>
    /// <returns>How many vectors were written (a vector of a chunk deleted meanwhile is skipped).</returns>
    public int WriteEmbeddings(string modelId, IEnumerable<(long ChunkId, float[] Vector)> vectors, (string Name, byte[] Data)? model = null)
    {
        using var c = Connect();
        using var tx = c.BeginTransaction();
        if (model is { } m)
        {
            using var clear = Command(c, tx, "DELETE FROM embeddings");
            clear.ExecuteNonQuery();
            using var save = Command(c, tx, "INSERT INTO models(name, model_id, data, trained_at) VALUES ($n, $id, $d, $at) ON CONFLICT(name) DO UPDATE SET model_id=excluded.model_id, data=excluded.data, trained_at=excluded.trained_at");
            save.Parameters.AddWithValue("$n", m.Name);
            save.Parameters.AddWithValue("$id", modelId);
            save.Parameters.AddWithValue("$d", m.Data);
            save.Parameters.AddWithValue("$at", DateTime.UtcNow.ToString("O"));
            save.ExecuteNonQuery();
        }
        using var insert = Command(c, tx, "INSERT OR REPLACE INTO embeddings(chunk_id, model_id, vector) SELECT $c, $m, $v WHERE EXISTS (SELECT 1 FROM chunks WHERE id=$c)");
        var pc = insert.Parameters.Add("$c", SqliteType.Integer);
        var pm = insert.Parameters.Add("$m", SqliteType.Text);
        var pv = insert.Parameters.Add("$v", SqliteType.Blob);
        pm.Value = modelId;
        int written = 0;
        foreach (var (id, vector) in vectors)
        {
            pc.Value = id;
            pv.Value = System.Runtime.InteropServices.MemoryMarshal.AsBytes(vector.AsSpan()).ToArray();
            written += insert.ExecuteNonQuery();
        }
        tx.Commit();
        return written;
    }

    /// <summary>Chunks that have no embedding from <paramref name="modelId"/> yet (new since the last embedding pass).</summary>
    /// <param name="afterId">Only chunks with a larger id (for paging).</param>
    /// <param name="limit">At most this many, in id order.</param>
    public List<(long Id, string Title, string Section, string Text)> ChunksWithoutEmbedding(string modelId, long afterId = 0, int limit = int.MaxValue)
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT c.id, d.title, c.section, c.text FROM chunks c JOIN documents d ON d.id = c.document_id LEFT JOIN embeddings e ON e.chunk_id = c.id AND e.model_id = $m WHERE e.chunk_id IS NULL AND c.id > $after ORDER BY c.id LIMIT $limit";
        cmd.Parameters.AddWithValue("$m", modelId);
        cmd.Parameters.AddWithValue("$after", afterId);
        cmd.Parameters.AddWithValue("$limit", limit);
        using var r = cmd.ExecuteReader();
        var list = new List<(long, string, string, string)>();
        while (r.Read()) list.Add((r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3)));
        return list;
    }

    /// <summary>Streams every stored embedding of <paramref name="modelId"/>.</summary>
    public IEnumerable<(long ChunkId, float[] Vector)> ScanEmbeddings(string modelId)
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT chunk_id, vector FROM embeddings WHERE model_id=$m ORDER BY chunk_id";
        cmd.Parameters.AddWithValue("$m", modelId);
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            var bytes = (byte[])r.GetValue(1);
            var vector = new float[bytes.Length / sizeof(float)];
            Buffer.BlockCopy(bytes, 0, vector, 0, vector.Length * sizeof(float));
            yield return (r.GetInt64(0), vector);
        }
    }

    public void DeleteModel(string name)
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "DELETE FROM models WHERE name=$n";
        cmd.Parameters.AddWithValue("$n", name);
        cmd.ExecuteNonQuery();
    }

    public long CountEmbeddings(string modelId)
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM embeddings WHERE model_id=$m";
        cmd.Parameters.AddWithValue("$m", modelId);
        return (long)cmd.ExecuteScalar()!;
    }

    public (long Documents, long Chunks) Counts()
    {
        using var c = Connect();
        return (Scalar<long>(c, "SELECT COUNT(*) FROM documents"), Scalar<long>(c, "SELECT COUNT(*) FROM chunks"));
    }

    /// <summary>SQLite's own integrity and foreign-key checks plus Tailor's row-level ones; empty when healthy.</summary>
    public List<string> CheckRows()
    {
        var problems = new List<string>();
        using var c = Connect();
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "PRAGMA integrity_check";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var line = r.GetString(0);
                if (line != "ok") problems.Add("sqlite integrity_check: " + line);
            }
        }
        long orphans = Scalar<long>(c, "SELECT COUNT(*) FROM chunks c LEFT JOIN documents d ON d.id = c.document_id WHERE d.id IS NULL");
        if (orphans > 0) problems.Add($"{orphans} orphaned chunk(s) belong to no document");
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "SELECT d.id, d.chunk_count, COUNT(c.id) FROM documents d LEFT JOIN chunks c ON c.document_id = d.id GROUP BY d.id HAVING d.chunk_count != COUNT(c.id) LIMIT 20";
            using var r = cmd.ExecuteReader();
            while (r.Read()) problems.Add($"document '{r.GetString(0)}' records {r.GetInt32(1)} chunks but has {r.GetInt32(2)}");
        }
        return problems;
    }

    private static SqliteCommand Command(SqliteConnection c, SqliteTransaction tx, string sql)
    {
        var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return cmd;
    }

    internal static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static T? Scalar<T>(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        var v = cmd.ExecuteScalar();
        return v is null or DBNull ? default : (T)Convert.ChangeType(v, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        _keepAlive.Dispose();
        SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
    }
}
