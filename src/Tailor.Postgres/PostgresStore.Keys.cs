using System.Globalization;
using Tailor.Storage;

namespace Tailor.Postgres;

/// <summary>
/// The servers' API keys (<c>api_keys</c>), shared by every server on the database; every change moves <c>keys_version</c>
/// in <c>meta</c>, which each server reads about once a second to refresh the keys it holds in memory.
/// </summary>
public sealed partial class PostgresStore
{
    private const string KeyColumns = "name, scope, groups, only_kb, hash, prefix, created_at, revoked_at";

    public KeyConflict AddKey(StoredKey key)
    {
        using var c = Use();
        using var tx = c.Begin();
        using (var insert = c.Command($"INSERT INTO api_keys({KeyColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING", tx))
        {
            insert.Parameters.AddWithValue(key.Name);
            insert.Parameters.AddWithValue(key.Scope);
            insert.Parameters.AddWithValue(key.Groups.ToArray());
            insert.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)key.Only ?? DBNull.Value);
            insert.Parameters.AddWithValue(key.Hash);
            insert.Parameters.AddWithValue(key.Prefix);
            insert.Parameters.AddWithValue(key.Created.ToString("O", CultureInfo.InvariantCulture));
            insert.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, key.Revoked is { } revoked ? revoked.ToString("O", CultureInfo.InvariantCulture) : DBNull.Value);
            if (insert.ExecuteNonQuery() == 0)
            {
                using var same = c.Command("SELECT 1 FROM api_keys WHERE hash = $1", tx);
                same.Parameters.AddWithValue(key.Hash);
                var conflict = same.ExecuteScalar() is null ? KeyConflict.SameName : KeyConflict.SameHash;
                tx.Rollback();
                return conflict;
            }
        }
        BumpKeys(c, tx);
        c.Commit(tx);
        return KeyConflict.None;
    }

    public List<StoredKey> ListKeys()
    {
        using var c = Use();
        using var cmd = c.Command($"SELECT {KeyColumns} FROM api_keys ORDER BY seq");
        using var r = cmd.ExecuteReader();
        var keys = new List<StoredKey>();
        while (r.Read())
            keys.Add(new StoredKey(r.GetString(0), r.GetString(1), r.GetFieldValue<string[]>(2), r.IsDBNull(3) ? null : r.GetString(3),
                r.GetString(4), r.GetString(5), DateTimeOffset.Parse(r.GetString(6), CultureInfo.InvariantCulture),
                r.IsDBNull(7) ? null : DateTimeOffset.Parse(r.GetString(7), CultureInfo.InvariantCulture)));
        return keys;
    }

    public bool RevokeKey(string nameOrPrefix, DateTimeOffset at)
    {
        using var c = Use();
        using var tx = c.Begin();
        // the outer condition is checked again on the row a concurrent revoke may have changed: one of them revokes it
        using (var revoke = c.Command("""
            UPDATE api_keys SET revoked_at = $2
            WHERE revoked_at IS NULL AND hash = (SELECT hash FROM api_keys WHERE revoked_at IS NULL AND (name = $1 OR prefix = $1) ORDER BY seq LIMIT 1)
            """, tx))
        {
            revoke.Parameters.AddWithValue(nameOrPrefix);
            revoke.Parameters.AddWithValue(at.ToString("O", CultureInfo.InvariantCulture));
            if (revoke.ExecuteNonQuery() == 0)
            {
                tx.Rollback();
                return false;
            }
        }
        BumpKeys(c, tx);
        c.Commit(tx);
        return true;
    }

    public long KeysVersion()
    {
        using var c = Use();
        using var cmd = c.Command("SELECT value FROM meta WHERE key = 'keys_version'");
        return cmd.ExecuteScalar() is long version ? version : 0;
    }

    /// <summary>Moves the keys' version (not the documents' generation: searches keep their snapshot).</summary>
    private static void BumpKeys(Connection c, Npgsql.NpgsqlTransaction tx)
    {
        using var cmd = c.Command("UPDATE meta SET value = value + 1 WHERE key = 'keys_version'", tx);
        cmd.ExecuteNonQuery();
    }
}
