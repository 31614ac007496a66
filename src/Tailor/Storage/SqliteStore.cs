using Microsoft.Data.Sqlite;

namespace Tailor.Storage;

/// <summary>
/// The system of record of an embedded knowledge base: documents and chunks in one SQLite file,
/// written in transactions (WAL), so a killed process leaves every committed document intact.
/// Derived indexes (lexical, vectors) are rebuilt from here.
/// </summary>
public sealed partial class SqliteStore : IKnowledgeStore
{
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
            throw new TailorException($"{path}: cannot open the knowledge base database ({ex.Message}). If the file is damaged, restore it from a backup or delete the folder and ingest again.", ex, TailorErrorKind.Corrupt);
        }
        return new SqliteStore(path, connection);
    }

    private static void Configure(SqliteConnection c) =>
        Exec(c, "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000; PRAGMA temp_store=MEMORY;");

    /// <summary>A pooled, configured connection to the database.</summary>
    private SqliteConnection Connect()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        Configure(c);
        return c;
    }

    public string Location => Path;

    /// <summary>A counter bumped by every committed write; derived indexes record the generation they reflect.</summary>
    public long Generation() => Version().Generation;

    public StoreVersion Version()
    {
        using var c = Connect();
        return ReadVersion(c, null);
    }

    private static StoreVersion ReadVersion(SqliteConnection c, SqliteTransaction? tx)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT key, value FROM meta WHERE key IN ('generation', 'embeddings_version')";
        using var r = cmd.ExecuteReader();
        long generation = 0, embeddings = 0;
        while (r.Read())
        {
            long value = long.Parse(r.GetString(1), System.Globalization.CultureInfo.InvariantCulture);
            if (r.GetString(0) == "generation") generation = value;
            else embeddings = value;
        }
        return new StoreVersion(generation, embeddings);
    }

    public IDisposable AcquireWriter(TimeSpan wait) => WriterLock.Acquire(Folder, wait);

    public IDisposable? TryAcquireWriter() => WriterLock.TryAcquire(Folder, out var writerLock) ? writerLock : null;

    /// <summary>The knowledge base folder (the writer lock file lives there).</summary>
    private string Folder => System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;

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
        using var insertCell = Command(c, tx, "INSERT OR IGNORE INTO chunk_cells(chunk_id, row_no, name, value) VALUES ($c, $r, $n, $v)");
        var cellChunk = insertCell.Parameters.Add("$c", SqliteType.Integer);
        var cellRow = insertCell.Parameters.Add("$r", SqliteType.Integer);
        var cellName = insertCell.Parameters.Add("$n", SqliteType.Text);
        var cellValue = insertCell.Parameters.Add("$v", SqliteType.Text);
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
                if (ch.Rows is not { Count: > 0 } rows) continue;
                cellChunk.Value = fresh[i];
                for (int row = 0; row < rows.Count; row++)
                    foreach (var (name, value) in rows[row])
                    {
                        cellRow.Value = row;
                        cellName.Value = Retrieval.ColumnCondition.Normalize(name);
                        cellValue.Value = Retrieval.ColumnCondition.Normalize(value);
                        insertCell.ExecuteNonQuery();
                    }
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

    private static void BumpGeneration(SqliteConnection c, SqliteTransaction tx, string key = "generation")
    {
        using var cmd = Command(c, tx, "UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key=$k");
        cmd.Parameters.AddWithValue("$k", key);
        cmd.ExecuteNonQuery();
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

    private static void Exec(SqliteConnection c, string sql)
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
