using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Tailor.Answering;
using Tailor.Chat;
using Tailor.Storage;

namespace Tailor.Sessions;

/// <summary>
/// Chat sessions in the knowledge base's SQLite file (tables <c>sessions</c> and
/// <c>session_messages</c>): each message's role, content, citations (JSON) and time, so a
/// conversation continues across processes.
/// </summary>
public sealed class SessionStore
{
    private static readonly JsonSerializerOptions CitationJson = new(JsonSerializerDefaults.Web);
    private readonly SqliteStore _store;
    private bool _schemaReady;

    internal SessionStore(SqliteStore store) => _store = store;

    private SqliteConnection Connect()
    {
        var c = _store.Connect();
        if (!_schemaReady)
        {
            SqliteStore.Exec(c, """
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
                """);
            _schemaReady = true;
        }
        return c;
    }

    /// <summary>Checks a session name: 1 to 100 printable characters.</summary>
    public static string ValidateName(string? name)
    {
        name = name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100 || name.Any(char.IsControl))
            throw new TailorException($"session name \"{name}\" is not usable; use 1 to 100 printable characters, e.g. --session support.");
        return name;
    }

    /// <summary>Appends messages to a session (creating it) in one transaction.</summary>
    public void Append(string session, params IReadOnlyList<SessionMessage> messages)
    {
        session = ValidateName(session);
        using var c = Connect();
        using var tx = c.BeginTransaction();
        var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        using (var upsert = c.CreateCommand())
        {
            upsert.Transaction = tx;
            upsert.CommandText = "INSERT INTO sessions(name, created_at, updated_at) VALUES ($n, $t, $t) ON CONFLICT(name) DO UPDATE SET updated_at=$t";
            upsert.Parameters.AddWithValue("$n", session);
            upsert.Parameters.AddWithValue("$t", now);
            upsert.ExecuteNonQuery();
        }
        using var insert = c.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = "INSERT INTO session_messages(session, role, content, citations, created_at) VALUES ($s, $r, $c, $j, $t)";
        var s = insert.Parameters.Add("$s", SqliteType.Text);
        var r = insert.Parameters.Add("$r", SqliteType.Text);
        var content = insert.Parameters.Add("$c", SqliteType.Text);
        var j = insert.Parameters.Add("$j", SqliteType.Text);
        var t = insert.Parameters.Add("$t", SqliteType.Text);
        foreach (var m in messages)
        {
            s.Value = session;
            r.Value = m.Role.ToString().ToLowerInvariant();
            content.Value = m.Content;
            j.Value = m.Citations.Count == 0 ? DBNull.Value : JsonSerializer.Serialize(m.Citations, CitationJson);
            t.Value = m.Created.ToString("O", CultureInfo.InvariantCulture);
            insert.ExecuteNonQuery();
        }
        tx.Commit();
    }

    /// <summary>A session's messages, oldest first (empty when it does not exist).</summary>
    public IReadOnlyList<SessionMessage> Messages(string session)
    {
        session = ValidateName(session);
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT role, content, citations, created_at FROM session_messages WHERE session=$s ORDER BY id";
        cmd.Parameters.AddWithValue("$s", session);
        using var r = cmd.ExecuteReader();
        var list = new List<SessionMessage>();
        while (r.Read())
        {
            var role = Enum.Parse<ChatRole>(r.GetString(0), ignoreCase: true);
            var citations = r.IsDBNull(2) ? [] : JsonSerializer.Deserialize<List<Citation>>(r.GetString(2), CitationJson) ?? [];
            list.Add(new SessionMessage(role, r.GetString(1), citations, DateTimeOffset.Parse(r.GetString(3), CultureInfo.InvariantCulture)));
        }
        return list;
    }

    /// <summary>Every session, most recently used first.</summary>
    public IReadOnlyList<SessionSummary> List()
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = """
            SELECT s.name, s.created_at, s.updated_at, (SELECT COUNT(*) FROM session_messages m WHERE m.session = s.name)
            FROM sessions s ORDER BY s.updated_at DESC, s.name
            """;
        using var r = cmd.ExecuteReader();
        var list = new List<SessionSummary>();
        while (r.Read())
            list.Add(new SessionSummary(r.GetString(0), r.GetInt32(3),
                DateTimeOffset.Parse(r.GetString(1), CultureInfo.InvariantCulture), DateTimeOffset.Parse(r.GetString(2), CultureInfo.InvariantCulture)));
        return list;
    }

    /// <summary>Forgets a session's messages but keeps the session; returns how many messages were removed.</summary>
    public int Reset(string session)
    {
        session = ValidateName(session);
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "DELETE FROM session_messages WHERE session=$s";
        cmd.Parameters.AddWithValue("$s", session);
        return cmd.ExecuteNonQuery();
    }

    /// <summary>Deletes a session and its messages; false when it does not exist.</summary>
    public bool Delete(string session)
    {
        session = ValidateName(session);
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "DELETE FROM sessions WHERE name=$s";
        cmd.Parameters.AddWithValue("$s", session);
        return cmd.ExecuteNonQuery() > 0;
    }
}
