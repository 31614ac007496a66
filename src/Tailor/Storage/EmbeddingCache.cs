using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Tailor.Storage;

/// <summary>
/// Embeddings already paid for, keyed by (model id, dimensions, SHA-256 of the text), in the knowledge
/// base's SQLite file (table <c>embedding_cache</c>). A re-ingest of unchanged text, or a reembed back
/// to a model used before, takes its vectors from here instead of the server. Entries are never
/// evicted: they cost one vector per distinct chunk text and model.
/// </summary>
internal sealed class EmbeddingCache
{
    private const int Batch = 400;
    private readonly SqliteStore _store;
    private bool _tableKnown;

    public EmbeddingCache(SqliteStore store) => _store = store;

    /// <summary>The SHA-256 of <paramref name="text"/>'s UTF-8 bytes.</summary>
    public static byte[] Hash(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));

    /// <summary>The cached vector of each hash (null when absent), in order. <paramref name="dimensions"/> 0 accepts any length.</summary>
    public float[]?[] Lookup(string modelId, int dimensions, IReadOnlyList<byte[]> hashes)
    {
        var found = new float[]?[hashes.Count];
        if (hashes.Count == 0) return found;
        using var c = Connect();
        if (!TableExists(c)) return found;
        var index = new Dictionary<string, List<int>>(hashes.Count, StringComparer.Ordinal);
        for (int i = 0; i < hashes.Count; i++)
        {
            var key = Convert.ToHexString(hashes[i]);
            if (!index.TryGetValue(key, out var list)) index[key] = list = [];
            list.Add(i);
        }
        var keys = index.Keys.ToList();
        for (int start = 0; start < keys.Count; start += Batch)
        {
            int n = Math.Min(Batch, keys.Count - start);
            using var cmd = c.CreateCommand();
            var names = new string[n];
            for (int i = 0; i < n; i++)
            {
                names[i] = "$h" + i;
                cmd.Parameters.AddWithValue(names[i], Convert.FromHexString(keys[start + i]));
            }
            cmd.CommandText = $"SELECT text_hash, vector FROM embedding_cache WHERE model_id=$m AND ($d = 0 OR dimensions=$d) AND text_hash IN ({string.Join(',', names)})";
            cmd.Parameters.AddWithValue("$m", modelId);
            cmd.Parameters.AddWithValue("$d", dimensions);
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var vector = MemoryMarshal.Cast<byte, float>((byte[])r.GetValue(1)).ToArray();
                foreach (var i in index[Convert.ToHexString((byte[])r.GetValue(0))]) found[i] = vector;
            }
        }
        return found;
    }

    /// <summary>Adds (or refreshes) entries in one transaction.</summary>
    public void Store(string modelId, IReadOnlyList<(byte[] Hash, float[] Vector)> entries)
    {
        if (entries.Count == 0) return;
        using var c = Connect();
        EnsureTable(c);
        using var tx = c.BeginTransaction();
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "INSERT OR REPLACE INTO embedding_cache(model_id, dimensions, text_hash, vector) VALUES ($m, $d, $h, $v)";
        var pm = cmd.Parameters.Add("$m", SqliteType.Text);
        var pd = cmd.Parameters.Add("$d", SqliteType.Integer);
        var ph = cmd.Parameters.Add("$h", SqliteType.Blob);
        var pv = cmd.Parameters.Add("$v", SqliteType.Blob);
        pm.Value = modelId;
        foreach (var (hash, vector) in entries)
        {
            pd.Value = vector.Length;
            ph.Value = hash;
            pv.Value = MemoryMarshal.AsBytes(vector.AsSpan()).ToArray();
            cmd.ExecuteNonQuery();
        }
        tx.Commit();
    }

    /// <summary>Number of cached vectors of <paramref name="modelId"/> (all models when null).</summary>
    public long Count(string? modelId = null)
    {
        using var c = Connect();
        if (!TableExists(c)) return 0;
        using var cmd = c.CreateCommand();
        cmd.CommandText = modelId is null ? "SELECT COUNT(*) FROM embedding_cache" : "SELECT COUNT(*) FROM embedding_cache WHERE model_id=$m";
        if (modelId is not null) cmd.Parameters.AddWithValue("$m", modelId);
        return (long)cmd.ExecuteScalar()!;
    }

    private SqliteConnection Connect() => _store.Connect();

    private bool TableExists(SqliteConnection c)
    {
        if (_tableKnown) return true;
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type='table' AND name='embedding_cache'";
        return _tableKnown = (long)cmd.ExecuteScalar()! > 0;
    }

    private void EnsureTable(SqliteConnection c)
    {
        if (_tableKnown) return;
        using var cmd = c.CreateCommand();
        cmd.CommandText = """
            CREATE TABLE IF NOT EXISTS embedding_cache(
              model_id TEXT NOT NULL,
              dimensions INTEGER NOT NULL,
              text_hash BLOB NOT NULL,
              vector BLOB NOT NULL,
              PRIMARY KEY(model_id, dimensions, text_hash)) WITHOUT ROWID
            """;
        cmd.ExecuteNonQuery();
        _tableKnown = true;
    }
}
