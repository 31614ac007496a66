using Microsoft.Data.Sqlite;

namespace Tailor.Storage;

/// <summary>
/// Every table of the embedded store, and the migrations of databases made by older Tailors (same schema
/// version, additive changes), in one place.
/// </summary>
public sealed partial class SqliteStore
{
    /// <summary>Version of the table layout; bumped on incompatible change.</summary>
    public const int SchemaVersion = 1;

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
            CREATE TABLE IF NOT EXISTS chunk_cells(
              chunk_id INTEGER NOT NULL REFERENCES chunks(id) ON DELETE CASCADE,
              row_no INTEGER NOT NULL,
              name TEXT NOT NULL,
              value TEXT NOT NULL,
              PRIMARY KEY(chunk_id, row_no, name)) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS chunk_cells_value ON chunk_cells(name, value);
            CREATE TABLE IF NOT EXISTS embeddings(
              chunk_id INTEGER PRIMARY KEY REFERENCES chunks(id) ON DELETE CASCADE,
              model_id TEXT NOT NULL,
              vector BLOB NOT NULL);
            CREATE TABLE IF NOT EXISTS models(
              name TEXT PRIMARY KEY,
              model_id TEXT NOT NULL,
              data BLOB NOT NULL,
              trained_at TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS embedding_cache(
              model_id TEXT NOT NULL,
              dimensions INTEGER NOT NULL,
              text_hash BLOB NOT NULL,
              vector BLOB NOT NULL,
              PRIMARY KEY(model_id, dimensions, text_hash)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS examples(
              id TEXT PRIMARY KEY,
              input TEXT NOT NULL,
              output TEXT NOT NULL,
              content_hash TEXT NOT NULL UNIQUE,
              created_at TEXT NOT NULL,
              vector_model TEXT,
              vector BLOB);
            CREATE TABLE IF NOT EXISTS sessions(
              name TEXT PRIMARY KEY,
              created_at TEXT NOT NULL,
              updated_at TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS session_messages(
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              session TEXT NOT NULL REFERENCES sessions(name) ON DELETE CASCADE,
              role TEXT NOT NULL,
              content TEXT NOT NULL,
              citations TEXT,
              created_at TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS session_messages_session ON session_messages(session, id);
            INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', '1');
            INSERT OR IGNORE INTO meta(key, value) VALUES ('generation', '0');
            INSERT OR IGNORE INTO meta(key, value) VALUES ('embeddings_version', '0');
            """);
        EnsureMetadataSchema(c);
        if (!HasColumn(c, "sessions", "version")) Exec(c, "ALTER TABLE sessions ADD COLUMN version INTEGER NOT NULL DEFAULT 0");
        EnsureJobSchema(c);
        if (!HasColumn(c, "examples", "document")) Exec(c, "ALTER TABLE examples ADD COLUMN document TEXT");
        EnsureKeySchema(c);
        var version = Scalar<string>(c, "SELECT value FROM meta WHERE key='schema_version'");
        if (version != SchemaVersion.ToString())
            throw new TailorException($"{path}: database schema version {version} is not supported by this Tailor (expects {SchemaVersion}). Use a matching Tailor version or re-ingest into a new knowledge base.");
    }

    private static bool HasColumn(SqliteConnection c, string table, string column)
    {
        using var info = c.CreateCommand();
        info.CommandText = $"PRAGMA table_info({table})";
        using var r = info.ExecuteReader();
        while (r.Read())
            if (r.GetString(1) == column) return true;
        return false;
    }

    /// <summary>Adds the tag table and the date column when missing; a migrated document's date is its file's modification time, else its ingest time.</summary>
    private static void EnsureMetadataSchema(SqliteConnection c)
    {
        Exec(c, """
            CREATE TABLE IF NOT EXISTS document_tags(
              document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
              tag TEXT NOT NULL,
              PRIMARY KEY(document_id, tag)) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS document_tags_tag ON document_tags(tag);
            """);
        if (!HasColumn(c, "documents", "header_row")) Exec(c, "ALTER TABLE documents ADD COLUMN header_row INTEGER");
        if (HasColumn(c, "documents", "date")) return;
        using var tx = c.BeginTransaction();
        using (var alter = Command(c, tx, "ALTER TABLE documents ADD COLUMN date TEXT")) alter.ExecuteNonQuery();
        var rows = new List<(string Id, string Source, string IngestedAt)>();
        using (var select = Command(c, tx, "SELECT id, source, ingested_at FROM documents"))
        using (var r = select.ExecuteReader())
            while (r.Read()) rows.Add((r.GetString(0), r.GetString(1), r.GetString(2)));
        using var update = Command(c, tx, "UPDATE documents SET date=$d WHERE id=$id");
        foreach (var (id, source, ingestedAt) in rows)
        {
            update.Parameters.Clear();
            update.Parameters.AddWithValue("$id", id);
            update.Parameters.AddWithValue("$d", File.Exists(source) ? FormatDate(File.GetLastWriteTimeUtc(source)) : FormatDate(ParseStoredDate(ingestedAt)));
            update.ExecuteNonQuery();
        }
        tx.Commit();
    }

    /// <summary>The ingest queue (made by older Tailors when first used, without the owner, runner and lease columns).</summary>
    private static void EnsureJobSchema(SqliteConnection c)
    {
        Exec(c, """
            CREATE TABLE IF NOT EXISTS ingest_jobs(
              id TEXT PRIMARY KEY,
              seq INTEGER NOT NULL,
              status TEXT NOT NULL,
              folder TEXT NOT NULL,
              files TEXT NOT NULL,
              tags TEXT NOT NULL,
              created_at TEXT NOT NULL,
              started_at TEXT,
              finished_at TEXT,
              counts TEXT,
              failures TEXT,
              error TEXT,
              attempts INTEGER NOT NULL DEFAULT 0,
              owner TEXT,
              runner TEXT,
              lease_until INTEGER);
            CREATE INDEX IF NOT EXISTS ingest_jobs_status ON ingest_jobs(status, seq);
            """);
        if (!HasColumn(c, "ingest_jobs", "owner")) Exec(c, "ALTER TABLE ingest_jobs ADD COLUMN owner TEXT");
        // who runs a job and until when (Unix milliseconds): a running job without them was left by an older Tailor, free to take
        if (!HasColumn(c, "ingest_jobs", "runner")) Exec(c, "ALTER TABLE ingest_jobs ADD COLUMN runner TEXT");
        if (!HasColumn(c, "ingest_jobs", "lease_until")) Exec(c, "ALTER TABLE ingest_jobs ADD COLUMN lease_until INTEGER");
    }

    /// <summary>The server's API keys (made by older Tailors beside the data, in keys.json, and imported from there).</summary>
    private static void EnsureKeySchema(SqliteConnection c) =>
        Exec(c, """
            CREATE TABLE IF NOT EXISTS api_keys(
              hash TEXT PRIMARY KEY,
              name TEXT NOT NULL,
              scope TEXT NOT NULL,
              groups TEXT NOT NULL,
              only_kb TEXT,
              prefix TEXT NOT NULL,
              created_at TEXT NOT NULL,
              revoked_at TEXT);
            CREATE UNIQUE INDEX IF NOT EXISTS api_keys_active_name ON api_keys(name) WHERE revoked_at IS NULL;
            INSERT OR IGNORE INTO meta(key, value) VALUES ('keys_version', '0');
            """);
}
