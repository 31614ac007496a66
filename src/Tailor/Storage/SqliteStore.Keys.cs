using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Tailor.Storage;

/// <summary>The server's API keys (<c>api_keys</c>); every change moves <c>keys_version</c> in <c>meta</c>.</summary>
public sealed partial class SqliteStore
{
    private const string KeyColumns = "name, scope, groups, only_kb, hash, prefix, created_at, revoked_at";

    public KeyConflict AddKey(StoredKey key)
    {
        using var c = Connect();
        using var tx = c.BeginTransaction();
        using (var insert = Command(c, tx, $"INSERT INTO api_keys({KeyColumns}) VALUES ($n, $s, $g, $o, $h, $p, $c, $r) ON CONFLICT DO NOTHING"))
        {
            insert.Parameters.AddWithValue("$n", key.Name);
            insert.Parameters.AddWithValue("$s", key.Scope);
            insert.Parameters.AddWithValue("$g", JsonSerializer.Serialize(key.Groups));
            insert.Parameters.AddWithValue("$o", (object?)key.Only ?? DBNull.Value);
            insert.Parameters.AddWithValue("$h", key.Hash);
            insert.Parameters.AddWithValue("$p", key.Prefix);
            insert.Parameters.AddWithValue("$c", key.Created.ToString("O", CultureInfo.InvariantCulture));
            insert.Parameters.AddWithValue("$r", key.Revoked is { } revoked ? revoked.ToString("O", CultureInfo.InvariantCulture) : DBNull.Value);
            if (insert.ExecuteNonQuery() == 0)
            {
                using var same = Command(c, tx, "SELECT 1 FROM api_keys WHERE hash=$h");
                same.Parameters.AddWithValue("$h", key.Hash);
                return same.ExecuteScalar() is null ? KeyConflict.SameName : KeyConflict.SameHash;
            }
        }
        BumpGeneration(c, tx, "keys_version");
        tx.Commit();
        return KeyConflict.None;
    }

    public List<StoredKey> ListKeys()
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT {KeyColumns} FROM api_keys ORDER BY rowid";
        using var r = cmd.ExecuteReader();
        var keys = new List<StoredKey>();
        while (r.Read())
            keys.Add(new StoredKey(r.GetString(0), r.GetString(1), JsonSerializer.Deserialize<List<string>>(r.GetString(2)) ?? [], r.IsDBNull(3) ? null : r.GetString(3),
                r.GetString(4), r.GetString(5), DateTimeOffset.Parse(r.GetString(6), CultureInfo.InvariantCulture),
                r.IsDBNull(7) ? null : DateTimeOffset.Parse(r.GetString(7), CultureInfo.InvariantCulture)));
        return keys;
    }

    public bool RevokeKey(string nameOrPrefix, DateTimeOffset at)
    {
        using var c = Connect();
        using var tx = c.BeginTransaction();
        using (var revoke = Command(c, tx, """
            UPDATE api_keys SET revoked_at=$t
            WHERE rowid = (SELECT rowid FROM api_keys WHERE revoked_at IS NULL AND (name=$n OR prefix=$n) ORDER BY rowid LIMIT 1)
            """))
        {
            revoke.Parameters.AddWithValue("$t", at.ToString("O", CultureInfo.InvariantCulture));
            revoke.Parameters.AddWithValue("$n", nameOrPrefix);
            if (revoke.ExecuteNonQuery() == 0) return false;
        }
        BumpGeneration(c, tx, "keys_version");
        tx.Commit();
        return true;
    }

    public long KeysVersion()
    {
        using var c = Connect();
        return long.Parse(Scalar<string>(c, "SELECT value FROM meta WHERE key='keys_version'") ?? "0", CultureInfo.InvariantCulture);
    }
}
