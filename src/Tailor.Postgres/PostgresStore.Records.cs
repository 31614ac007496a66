using System.Globalization;
using Npgsql;
using Tailor.Storage;

namespace Tailor.Postgres;

/// <summary>Few-shot examples and chat sessions; a session's version row is locked while a turn appends.</summary>
public sealed partial class PostgresStore
{
    public List<(ExampleConflict Conflict, string? ExistingId)> InsertExamples(IReadOnlyList<StoredExample> examples)
    {
        var result = new List<(ExampleConflict, string?)>(examples.Count);
        using var c = Use();
        using var tx = c.Begin();
        using (var lockTable = c.Command("LOCK TABLE examples IN SHARE ROW EXCLUSIVE MODE", tx)) lockTable.ExecuteNonQuery(); // concurrent imports decide duplicates one at a time
        foreach (var e in examples)
        {
            using (var byHash = c.Command("SELECT id FROM examples WHERE content_hash = $1", tx))
            {
                byHash.Parameters.AddWithValue(e.ContentHash);
                if (byHash.ExecuteScalar() is string same) { result.Add((ExampleConflict.SameContent, same)); continue; }
            }
            using (var byId = c.Command("SELECT 1 FROM examples WHERE id = $1", tx))
            {
                byId.Parameters.AddWithValue(e.Id);
                if (byId.ExecuteScalar() is not null) { result.Add((ExampleConflict.SameId, e.Id)); continue; }
            }
            using var insert = c.Command("INSERT INTO examples(id, input, output, content_hash, created_at, document) VALUES ($1, $2, $3, $4, $5, $6)", tx);
            insert.Parameters.AddWithValue(e.Id);
            insert.Parameters.AddWithValue(e.Input);
            insert.Parameters.AddWithValue(e.Output);
            insert.Parameters.AddWithValue(e.ContentHash);
            insert.Parameters.AddWithValue(DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            insert.Parameters.Add(new NpgsqlParameter { Value = (object?)e.Document ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            insert.ExecuteNonQuery();
            result.Add((ExampleConflict.None, null));
        }
        c.Commit(tx);
        return result;
    }

    public List<StoredExample> ListExamples()
    {
        using var c = Use();
        using var cmd = c.Command("SELECT id, input, output, content_hash, document FROM examples ORDER BY seq");
        using var r = cmd.ExecuteReader();
        var list = new List<StoredExample>();
        while (r.Read()) list.Add(new StoredExample(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4)));
        return list;
    }

    public bool RemoveExample(string id)
    {
        using var c = Use();
        using var cmd = c.Command("DELETE FROM examples WHERE id = $1");
        cmd.Parameters.AddWithValue(id);
        return cmd.ExecuteNonQuery() > 0;
    }

    public Dictionary<string, float[]> ExampleVectors(string modelId)
    {
        using var c = Use();
        using var cmd = c.Command("SELECT id, vector FROM examples WHERE vector_model = $1 AND vector IS NOT NULL");
        cmd.Parameters.AddWithValue(modelId);
        using var r = cmd.ExecuteReader();
        var map = new Dictionary<string, float[]>(StringComparer.Ordinal);
        while (r.Read()) map[r.GetString(0)] = r.GetFieldValue<float[]>(1);
        return map;
    }

    public void SaveExampleVectors(string modelId, IReadOnlyList<(string Id, float[] Vector)> vectors)
    {
        using var c = Use();
        using var tx = c.Begin();
        foreach (var (id, vector) in vectors)
        {
            using var cmd = c.Command("UPDATE examples SET vector_model = $1, vector = $2 WHERE id = $3", tx);
            cmd.Parameters.AddWithValue(modelId);
            cmd.Parameters.AddWithValue(vector);
            cmd.Parameters.AddWithValue(id);
            cmd.ExecuteNonQuery();
        }
        c.Commit(tx);
    }

    public SessionHistory ReadSession(string name)
    {
        using var c = Use();
        using var tx = c.Begin(System.Data.IsolationLevel.RepeatableRead);
        long version = 0;
        using (var v = c.Command("SELECT version FROM sessions WHERE name = $1", tx))
        {
            v.Parameters.AddWithValue(name);
            if (v.ExecuteScalar() is long found) version = found;
        }
        var list = new List<StoredMessage>();
        using (var cmd = c.Command("SELECT role, content, citations, created_at FROM session_messages WHERE session = $1 ORDER BY id", tx))
        {
            cmd.Parameters.AddWithValue(name);
            using var r = cmd.ExecuteReader();
            while (r.Read())
                list.Add(new StoredMessage(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), DateTimeOffset.Parse(r.GetString(3), CultureInfo.InvariantCulture)));
        }
        c.Commit(tx);
        return new SessionHistory(list, version);
    }

    public bool AppendToSession(string name, IReadOnlyList<StoredMessage> messages, long? expectedVersion)
    {
        using var c = Use();
        using var tx = c.Begin();
        var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        using (var create = c.Command("INSERT INTO sessions(name, created_at, updated_at, version) VALUES ($1, $2, $2, 0) ON CONFLICT (name) DO NOTHING", tx))
        {
            create.Parameters.AddWithValue(name);
            create.Parameters.AddWithValue(now);
            create.ExecuteNonQuery();
        }
        long current;
        using (var read = c.Command("SELECT version FROM sessions WHERE name = $1 FOR UPDATE", tx)) // appends to one session take turns
        {
            read.Parameters.AddWithValue(name);
            current = (long)read.ExecuteScalar()!;
        }
        if (expectedVersion is { } expected && current != expected)
        {
            tx.Rollback();
            return false;
        }
        using (var bump = c.Command("UPDATE sessions SET version = version + 1, updated_at = $2 WHERE name = $1", tx))
        {
            bump.Parameters.AddWithValue(name);
            bump.Parameters.AddWithValue(now);
            bump.ExecuteNonQuery();
        }
        foreach (var m in messages)
        {
            using var insert = c.Command("INSERT INTO session_messages(session, role, content, citations, created_at) VALUES ($1, $2, $3, $4, $5)", tx);
            insert.Parameters.AddWithValue(name);
            insert.Parameters.AddWithValue(m.Role);
            insert.Parameters.AddWithValue(m.Content);
            insert.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)m.CitationsJson ?? DBNull.Value);
            insert.Parameters.AddWithValue(m.Created.ToString("O", CultureInfo.InvariantCulture));
            insert.ExecuteNonQuery();
        }
        c.Commit(tx);
        return true;
    }

    public List<StoredSession> ListSessions()
    {
        using var c = Use();
        using var cmd = c.Command("""
            SELECT s.name, s.created_at, s.updated_at, (SELECT COUNT(*) FROM session_messages m WHERE m.session = s.name)
            FROM sessions s ORDER BY s.updated_at DESC, s.name COLLATE "C"
            """);
        using var r = cmd.ExecuteReader();
        var list = new List<StoredSession>();
        while (r.Read())
            list.Add(new StoredSession(r.GetString(0), (int)r.GetInt64(3),
                DateTimeOffset.Parse(r.GetString(1), CultureInfo.InvariantCulture), DateTimeOffset.Parse(r.GetString(2), CultureInfo.InvariantCulture)));
        return list;
    }

    public int ResetSession(string name)
    {
        using var c = Use();
        using var tx = c.Begin();
        int removed;
        using (var cmd = c.Command("DELETE FROM session_messages WHERE session = $1", tx))
        {
            cmd.Parameters.AddWithValue(name);
            removed = cmd.ExecuteNonQuery();
        }
        using (var bump = c.Command("UPDATE sessions SET version = version + 1 WHERE name = $1", tx))
        {
            bump.Parameters.AddWithValue(name);
            bump.ExecuteNonQuery();
        }
        c.Commit(tx);
        return removed;
    }

    public bool DeleteSession(string name)
    {
        using var c = Use();
        using var cmd = c.Command("DELETE FROM sessions WHERE name = $1");
        cmd.Parameters.AddWithValue(name);
        return cmd.ExecuteNonQuery() > 0;
    }
}
