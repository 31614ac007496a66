using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Tailor.Storage;

/// <summary>Few-shot examples (<c>examples</c>) and chat sessions (<c>sessions</c>, <c>session_messages</c>).</summary>
public sealed partial class SqliteStore
{
    public List<(ExampleConflict Conflict, string? ExistingId)> InsertExamples(IReadOnlyList<StoredExample> examples)
    {
        var result = new List<(ExampleConflict, string?)>(examples.Count);
        using var c = Connect();
        using var tx = c.BeginTransaction();
        using var byHash = Command(c, tx, "SELECT id FROM examples WHERE content_hash=$h");
        var ph = byHash.Parameters.Add("$h", SqliteType.Text);
        using var byId = Command(c, tx, "SELECT 1 FROM examples WHERE id=$id");
        var pid = byId.Parameters.Add("$id", SqliteType.Text);
        using var insert = Command(c, tx, "INSERT INTO examples(id, input, output, content_hash, created_at, document) VALUES ($id, $i, $o, $h, $t, $d)");
        foreach (var e in examples)
        {
            ph.Value = e.ContentHash;
            if (byHash.ExecuteScalar() is string same) { result.Add((ExampleConflict.SameContent, same)); continue; }
            pid.Value = e.Id;
            if (byId.ExecuteScalar() is not null) { result.Add((ExampleConflict.SameId, e.Id)); continue; }
            insert.Parameters.Clear();
            insert.Parameters.AddWithValue("$id", e.Id);
            insert.Parameters.AddWithValue("$i", e.Input);
            insert.Parameters.AddWithValue("$o", e.Output);
            insert.Parameters.AddWithValue("$h", e.ContentHash);
            insert.Parameters.AddWithValue("$t", DateTime.UtcNow.ToString("O"));
            insert.Parameters.AddWithValue("$d", (object?)e.Document ?? DBNull.Value);
            insert.ExecuteNonQuery();
            result.Add((ExampleConflict.None, null));
        }
        tx.Commit();
        return result;
    }

    public List<StoredExample> ListExamples()
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT id, input, output, content_hash, document FROM examples ORDER BY rowid";
        using var r = cmd.ExecuteReader();
        var list = new List<StoredExample>();
        while (r.Read()) list.Add(new StoredExample(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4)));
        return list;
    }

    public bool RemoveExample(string id)
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "DELETE FROM examples WHERE id=$id";
        cmd.Parameters.AddWithValue("$id", id);
        return cmd.ExecuteNonQuery() > 0;
    }

    public Dictionary<string, float[]> ExampleVectors(string modelId)
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT id, vector FROM examples WHERE vector_model=$m AND vector IS NOT NULL";
        cmd.Parameters.AddWithValue("$m", modelId);
        using var r = cmd.ExecuteReader();
        var map = new Dictionary<string, float[]>(StringComparer.Ordinal);
        while (r.Read()) map[r.GetString(0)] = MemoryMarshal.Cast<byte, float>((byte[])r[1]).ToArray();
        return map;
    }

    public void SaveExampleVectors(string modelId, IReadOnlyList<(string Id, float[] Vector)> vectors)
    {
        using var c = Connect();
        using var tx = c.BeginTransaction();
        using var cmd = Command(c, tx, "UPDATE examples SET vector_model=$m, vector=$v WHERE id=$id");
        var m = cmd.Parameters.Add("$m", SqliteType.Text);
        var v = cmd.Parameters.Add("$v", SqliteType.Blob);
        var idParam = cmd.Parameters.Add("$id", SqliteType.Text);
        foreach (var (id, vector) in vectors)
        {
            m.Value = modelId;
            v.Value = MemoryMarshal.AsBytes(vector.AsSpan()).ToArray();
            idParam.Value = id;
            cmd.ExecuteNonQuery();
        }
        tx.Commit();
    }

    public SessionHistory ReadSession(string name)
    {
        using var c = Connect();
        using var tx = c.BeginTransaction(deferred: true);
        using var version = Command(c, tx, "SELECT version FROM sessions WHERE name=$s");
        version.Parameters.AddWithValue("$s", name);
        long v = version.ExecuteScalar() is long found ? found : 0;
        using var cmd = Command(c, tx, "SELECT role, content, citations, created_at FROM session_messages WHERE session=$s ORDER BY id");
        cmd.Parameters.AddWithValue("$s", name);
        var list = new List<StoredMessage>();
        using (var r = cmd.ExecuteReader())
            while (r.Read())
                list.Add(new StoredMessage(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), DateTimeOffset.Parse(r.GetString(3), CultureInfo.InvariantCulture)));
        tx.Commit();
        return new SessionHistory(list, v);
    }

    public bool AppendToSession(string name, IReadOnlyList<StoredMessage> messages, long? expectedVersion)
    {
        using var c = Connect();
        using var tx = c.BeginTransaction(); // immediate: the version read and the append are one step
        var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        if (expectedVersion is { } expected)
        {
            using var read = Command(c, tx, "SELECT version FROM sessions WHERE name=$s");
            read.Parameters.AddWithValue("$s", name);
            long current = read.ExecuteScalar() is long v ? v : 0;
            if (current != expected) return false;
        }
        using (var upsert = Command(c, tx, "INSERT INTO sessions(name, created_at, updated_at, version) VALUES ($n, $t, $t, 1) ON CONFLICT(name) DO UPDATE SET updated_at=$t, version=version+1"))
        {
            upsert.Parameters.AddWithValue("$n", name);
            upsert.Parameters.AddWithValue("$t", now);
            upsert.ExecuteNonQuery();
        }
        using var insert = Command(c, tx, "INSERT INTO session_messages(session, role, content, citations, created_at) VALUES ($s, $r, $c, $j, $t)");
        var s = insert.Parameters.Add("$s", SqliteType.Text);
        var role = insert.Parameters.Add("$r", SqliteType.Text);
        var content = insert.Parameters.Add("$c", SqliteType.Text);
        var j = insert.Parameters.Add("$j", SqliteType.Text);
        var t = insert.Parameters.Add("$t", SqliteType.Text);
        foreach (var m in messages)
        {
            s.Value = name;
            role.Value = m.Role;
            content.Value = m.Content;
            j.Value = (object?)m.CitationsJson ?? DBNull.Value;
            t.Value = m.Created.ToString("O", CultureInfo.InvariantCulture);
            insert.ExecuteNonQuery();
        }
        tx.Commit();
        return true;
    }

    public List<StoredSession> ListSessions()
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = """
            SELECT s.name, s.created_at, s.updated_at, (SELECT COUNT(*) FROM session_messages m WHERE m.session = s.name)
            FROM sessions s ORDER BY s.updated_at DESC, s.name
            """;
        using var r = cmd.ExecuteReader();
        var list = new List<StoredSession>();
        while (r.Read())
            list.Add(new StoredSession(r.GetString(0), r.GetInt32(3),
                DateTimeOffset.Parse(r.GetString(1), CultureInfo.InvariantCulture), DateTimeOffset.Parse(r.GetString(2), CultureInfo.InvariantCulture)));
        return list;
    }

    public int ResetSession(string name)
    {
        using var c = Connect();
        using var tx = c.BeginTransaction();
        using var cmd = Command(c, tx, "DELETE FROM session_messages WHERE session=$s");
        cmd.Parameters.AddWithValue("$s", name);
        int removed = cmd.ExecuteNonQuery();
        using var bump = Command(c, tx, "UPDATE sessions SET version=version+1 WHERE name=$s");
        bump.Parameters.AddWithValue("$s", name);
        bump.ExecuteNonQuery();
        tx.Commit();
        return removed;
    }

    public bool DeleteSession(string name)
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "DELETE FROM sessions WHERE name=$s";
        cmd.Parameters.AddWithValue("$s", name);
        return cmd.ExecuteNonQuery() > 0;
    }
}
