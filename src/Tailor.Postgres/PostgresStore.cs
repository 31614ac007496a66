using Npgsql;
using Pgvector.Npgsql;
using Tailor.Storage;

namespace Tailor.Postgres;

/// <summary>
/// The system of record in PostgreSQL: the same documents, chunks, tags, embeddings, models, cache,
/// examples and sessions as the embedded store, shared by every Tailor process that connects. The
/// generation lives in <c>meta</c> and is bumped by every committed write; the writer lease is a
/// session-level advisory lock. With pgvector, vector search runs in SQL on an HNSW index per
/// embedding model (<see cref="IVectorSearch"/>).
/// </summary>
public sealed partial class PostgresStore : IKnowledgeStore, IVectorSearch, ISharedManifest
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly AsyncLocal<NpgsqlConnection?> _ambient = new();

    private PostgresStore(NpgsqlDataSource dataSource, string location, bool hasVector)
    {
        _dataSource = dataSource;
        Location = location;
        HasVector = hasVector;
    }

    public string Location { get; }

    /// <summary>True when the server has pgvector: vectors are then searched in SQL.</summary>
    public bool HasVector { get; }

    public bool SearchesVectors => HasVector;

    /// <summary>Lets <see cref="KnowledgeBase"/> open PostgreSQL stores by connection string (URL or Npgsql keywords).</summary>
    public static void Register()
    {
        lock (RegisterGate)
        {
            if (_registered) return;
            StoreProviders.Register(PostgresConnection.IsPostgres, Open);
            _registered = true;
        }
    }

    private static readonly object RegisterGate = new();
    private static bool _registered;

    /// <summary>Connects (creating and migrating the schema as needed) to the database <paramref name="connectionString"/> names.</summary>
    public static PostgresStore Open(string connectionString)
    {
        var builder = PostgresConnection.Parse(connectionString);
        var location = PostgresConnection.Describe(builder);
        var sourceBuilder = new NpgsqlDataSourceBuilder(builder.ConnectionString);
        sourceBuilder.UseVector();
        var dataSource = sourceBuilder.Build();
        bool hasVector, bounded;
        try
        {
            using var c = dataSource.OpenConnection();
            hasVector = Migrate(c, location);
            if (hasVector) c.ReloadTypes(); // the vector type may exist only now
            bounded = TakesBoundedMessages(c);
        }
        catch (Exception ex) when (PostgresFailure.IsDriverFailure(ex))
        {
            dataSource.Dispose();
            throw PostgresFailure.From(ex, location);
        }
        catch
        {
            dataSource.Dispose();
            throw;
        }
        return new PostgresStore(dataSource, location, hasVector)
        {
            CanListen = builder.MaxPoolSize > 1,
            StatementBudget = bounded ? MessageBudget : LargeStatementBudget,
        };
    }

    /// <summary>
    /// A connection for one operation: the writer lease's own connection when this flow holds it (so a server
    /// that allows one connection, like PGlite's socket, is never asked for a second), else one from the pool.
    /// </summary>
    private Connection Use()
    {
        if (_ambient.Value is { } ambient) return new Connection(ambient, owned: false, this);
        try
        {
            return new Connection(_dataSource.OpenConnection(), owned: true, this);
        }
        catch (Exception ex) when (PostgresFailure.IsDriverFailure(ex))
        {
            throw Failure(ex);
        }
    }

    /// <summary>One connection in use; its commands and transactions report driver failures as <see cref="TailorException"/>s.</summary>
    private readonly struct Connection(NpgsqlConnection connection, bool owned, PostgresStore store) : IDisposable
    {
        public NpgsqlConnection C => connection;

        public PostgresStore Store => store;

        public GuardedCommand Command(string sql, NpgsqlTransaction? tx = null) => new(sql, connection, tx, store);

        public NpgsqlTransaction Begin(System.Data.IsolationLevel level = System.Data.IsolationLevel.Unspecified)
        {
            try { return connection.BeginTransaction(level); }
            catch (Exception ex) when (PostgresFailure.IsDriverFailure(ex)) { throw store.Failure(ex); }
        }

        public void Commit(NpgsqlTransaction tx)
        {
            try { tx.Commit(); }
            catch (Exception ex) when (PostgresFailure.IsDriverFailure(ex)) { throw store.Failure(ex); }
            // this process's own write may have moved the version: forget the known one once it is committed, so a
            // version read by a concurrent search during the transaction is not kept after it
            store.Moved();
        }

        public void Dispose()
        {
            if (owned) connection.Dispose();
        }
    }

    /// <summary>A command whose driver failures become <see cref="TailorException"/>s naming the database and what to do.</summary>
    private sealed class GuardedCommand(string sql, NpgsqlConnection connection, NpgsqlTransaction? tx, PostgresStore store) : NpgsqlCommand(sql, connection, tx)
    {
        public override int ExecuteNonQuery()
        {
            try { return base.ExecuteNonQuery(); }
            catch (Exception ex) when (PostgresFailure.IsDriverFailure(ex)) { throw store.Failure(ex); }
        }

        public override object? ExecuteScalar()
        {
            try { return base.ExecuteScalar(); }
            catch (Exception ex) when (PostgresFailure.IsDriverFailure(ex)) { throw store.Failure(ex); }
        }

        public new NpgsqlDataReader ExecuteReader()
        {
            try { return base.ExecuteReader(); }
            catch (Exception ex) when (PostgresFailure.IsDriverFailure(ex)) { throw store.Failure(ex); }
        }
    }

    /// <summary>
    /// The <see cref="TailorException"/> for a driver failure. A broken connection (the server restarted or went away)
    /// empties the pool, so the idle connections to the old server are not handed out one failure at a time once it is back.
    /// </summary>
    private TailorException Failure(Exception ex)
    {
        if (ex is not PostgresException { SqlState: var state } || state is "57P01" or "57P02" or "57P03" || state.StartsWith("08", StringComparison.Ordinal))
            _dataSource.Clear();
        return PostgresFailure.From(ex, Location);
    }

    public StoreVersion Version()
    {
        long moves = Interlocked.Read(ref _moves);
        using var c = Use();
        var version = ReadVersion(c);
        Remember(version, moves);
        return version;
    }

    private static StoreVersion ReadVersion(Connection c, NpgsqlTransaction? tx = null)
    {
        using var cmd = c.Command("SELECT key, value FROM meta WHERE key IN ('generation', 'embeddings_version')", tx);
        using var r = cmd.ExecuteReader();
        long generation = 0, embeddings = 0;
        while (r.Read())
        {
            if (r.GetString(0) == "generation") generation = r.GetInt64(1);
            else embeddings = r.GetInt64(1);
        }
        return new StoreVersion(generation, embeddings);
    }

    /// <summary>Moves the version, and notifies every listening process when the transaction commits (one round trip).</summary>
    private static void Bump(Connection c, NpgsqlTransaction tx, string key = "generation")
    {
        using var cmd = c.Command($"UPDATE meta SET value = value + 1 WHERE key = $1 RETURNING pg_notify('{VersionChannel}', $1)", tx);
        cmd.Parameters.AddWithValue(key);
        cmd.ExecuteNonQuery();
    }

    public IDisposable AcquireWriter(TimeSpan wait)
    {
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            if (TryAcquireWriter() is { } lease) return lease;
            if (DateTime.UtcNow >= deadline)
                throw new TailorException($"{Location}: another Tailor process is writing to this knowledge base; wait for it to finish and try again.", TailorErrorKind.Busy);
            Thread.Sleep(100);
        }
    }

    public IDisposable? TryAcquireWriter()
    {
        if (_ambient.Value is not null) return null; // this flow holds it already: one writer
        NpgsqlConnection connection;
        try
        {
            connection = _dataSource.OpenConnection();
        }
        catch (Exception ex) when (PostgresFailure.IsDriverFailure(ex))
        {
            throw Failure(ex);
        }
        using (var cmd = new GuardedCommand($"SELECT pg_try_advisory_lock({WriterLockKey}, 0)", connection, null, this))
        {
            bool taken;
            try { taken = cmd.ExecuteScalar() is true; }
            catch { connection.Dispose(); throw; }
            if (!taken)
            {
                connection.Dispose();
                return null;
            }
        }
        _ambient.Value = connection;
        return new WriterLease(this, connection);
    }

    /// <summary>The advisory lock, held on its own session; the server releases it if the process dies.</summary>
    private sealed class WriterLease(PostgresStore owner, NpgsqlConnection connection) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            owner._ambient.Value = null;
            try
            {
                if (connection.State == System.Data.ConnectionState.Open)
                {
                    using var cmd = new NpgsqlCommand($"SELECT pg_advisory_unlock({WriterLockKey}, 0)", connection);
                    cmd.ExecuteNonQuery();
                }
            }
            catch (NpgsqlException)
            {
                // the session is gone, and its lock with it
            }
            finally
            {
                connection.Dispose();
            }
        }
    }

    public Dictionary<string, (string Hash, string Root, string Source)> DocumentHashes()
    {
        using var c = Use();
        using var cmd = c.Command("SELECT id, content_hash, root, source FROM documents");
        using var r = cmd.ExecuteReader();
        var map = new Dictionary<string, (string, string, string)>(StringComparer.Ordinal);
        while (r.Read()) map[r.GetString(0)] = (r.GetString(1), r.GetString(2), r.GetString(3));
        return map;
    }

    private static DateTime ToUtc(DateTime d) =>
        d.Kind == DateTimeKind.Local ? d.ToUniversalTime() : DateTime.SpecifyKind(d, DateTimeKind.Utc);

    public List<long> Delete(IReadOnlyCollection<string> documentIds)
    {
        var removed = new List<long>();
        if (documentIds.Count == 0) return removed;
        using var c = Use();
        using var tx = c.Begin();
        var ids = documentIds.ToArray();
        using (var select = c.Command("SELECT id FROM chunks WHERE document_id = ANY($1) ORDER BY id", tx))
        {
            select.Parameters.AddWithValue(ids);
            using var r = select.ExecuteReader();
            while (r.Read()) removed.Add(r.GetInt64(0));
        }
        using (var delete = c.Command("DELETE FROM documents WHERE id = ANY($1)", tx))
        {
            delete.Parameters.AddWithValue(ids);
            delete.ExecuteNonQuery();
        }
        Bump(c, tx);
        c.Commit(tx);
        return removed;
    }

    public void AddTags(IEnumerable<string> sources, IReadOnlyList<string> tags)
    {
        var normalized = Tailor.Documents.DocumentTags.Merge(tags);
        if (normalized.Count == 0) return;
        using var c = Use();
        using var cmd = c.Command("INSERT INTO document_tags(document_id, tag) SELECT d.id, t FROM documents d, unnest($2::text[]) t WHERE d.source = ANY($1) ON CONFLICT DO NOTHING");
        cmd.Parameters.AddWithValue(sources.ToArray());
        cmd.Parameters.AddWithValue(normalized.ToArray());
        cmd.ExecuteNonQuery();
    }

    public string? ReadManifest()
    {
        using var c = Use();
        using var cmd = c.Command("SELECT options FROM manifest WHERE id = 1");
        return cmd.ExecuteScalar() as string;
    }

    public void WriteManifest(string json)
    {
        using var c = Use();
        using var cmd = c.Command("INSERT INTO manifest(id, options) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET options = excluded.options, updated_at = now()");
        cmd.Parameters.AddWithValue(json);
        cmd.ExecuteNonQuery();
    }

    public List<string> CheckRows()
    {
        var problems = new List<string>();
        using var c = Use();
        using (var orphans = c.Command("SELECT COUNT(*) FROM chunks c LEFT JOIN documents d ON d.id = c.document_id WHERE d.id IS NULL"))
        {
            long n = (long)orphans.ExecuteScalar()!;
            if (n > 0) problems.Add($"{n} orphaned chunk(s) belong to no document");
        }
        using (var counts = c.Command("SELECT d.id, d.chunk_count, COUNT(c.id) FROM documents d LEFT JOIN chunks c ON c.document_id = d.id GROUP BY d.id, d.chunk_count HAVING d.chunk_count != COUNT(c.id) LIMIT 20"))
        using (var r = counts.ExecuteReader())
            while (r.Read()) problems.Add($"document '{r.GetString(0)}' records {r.GetInt32(1)} chunks but has {r.GetInt64(2)}");
        using (var version = c.Command("SELECT COALESCE(MAX(version), 0) FROM tailor_migrations"))
        {
            int v = Convert.ToInt32(version.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            if (v != SchemaVersion) problems.Add($"{Location}: schema version {v}, this Tailor expects {SchemaVersion}");
        }
        return problems;
    }

    public void Dispose()
    {
        StopListening();
        _dataSource.Dispose();
    }
}
