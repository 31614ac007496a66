using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Tailor.Storage;

/// <summary>Embeddings (float32 little-endian blobs), stored models and the embedding cache.</summary>
public sealed partial class SqliteStore
{
    private const int CacheBatch = 400;

    public StoredModel? ReadModel(string name)
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT model_id, data FROM models WHERE name=$n";
        cmd.Parameters.AddWithValue("$n", name);
        using var r = cmd.ExecuteReader();
        if (!r.Read()) return null;
        if (r.GetValue(1) is not byte[] data)
            throw new TailorException($"{Path}: the stored model '{name}' is damaged (not binary data).", TailorErrorKind.Corrupt);
        return new StoredModel(r.GetString(0), data);
    }

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
            pv.Value = MemoryMarshal.AsBytes(vector.AsSpan()).ToArray();
            written += insert.ExecuteNonQuery();
        }
        if (written > 0 || model is not null) BumpGeneration(c, tx, "embeddings_version");
        tx.Commit();
        return written;
    }

    public List<ChunkRow> PendingChunks(string modelId, long afterId, int limit)
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT c.id, d.title, c.section, c.text, c.checksum FROM chunks c JOIN documents d ON d.id = c.document_id LEFT JOIN embeddings e ON e.chunk_id = c.id AND e.model_id = $m WHERE e.chunk_id IS NULL AND c.id > $after ORDER BY c.id LIMIT $limit";
        cmd.Parameters.AddWithValue("$m", modelId);
        cmd.Parameters.AddWithValue("$after", afterId);
        cmd.Parameters.AddWithValue("$limit", limit);
        using var r = cmd.ExecuteReader();
        var list = new List<ChunkRow>();
        while (r.Read()) list.Add(ReadRow(r));
        return list;
    }

    public IEnumerable<(long ChunkId, float[] Vector)> ScanEmbeddings(string modelId)
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT chunk_id, vector FROM embeddings WHERE model_id=$m ORDER BY chunk_id";
        cmd.Parameters.AddWithValue("$m", modelId);
        using var r = cmd.ExecuteReader();
        while (r.Read()) yield return (r.GetInt64(0), ToVector((byte[])r.GetValue(1)));
    }

    private static float[] ToVector(byte[] bytes)
    {
        var vector = new float[bytes.Length / sizeof(float)];
        Buffer.BlockCopy(bytes, 0, vector, 0, vector.Length * sizeof(float));
        return vector;
    }

    public long CountEmbeddings(string modelId)
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM embeddings WHERE model_id=$m";
        cmd.Parameters.AddWithValue("$m", modelId);
        return (long)cmd.ExecuteScalar()!;
    }

    public Dictionary<long, float[]> GetEmbeddings(IReadOnlyList<long> ids, string modelId)
    {
        var result = new Dictionary<long, float[]>(ids.Count);
        if (ids.Count == 0) return result;
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT vector FROM embeddings WHERE chunk_id=$c AND model_id=$m";
        var pc = cmd.Parameters.Add("$c", SqliteType.Integer);
        cmd.Parameters.AddWithValue("$m", modelId);
        foreach (var id in ids)
        {
            pc.Value = id;
            if (cmd.ExecuteScalar() is byte[] bytes) result[id] = ToVector(bytes);
        }
        return result;
    }

    public float[]?[] LookupCached(string modelId, int dimensions, IReadOnlyList<byte[]> hashes)
    {
        var found = new float[]?[hashes.Count];
        if (hashes.Count == 0) return found;
        var index = CachedHashPositions.Of(hashes);
        var keys = index.Keys.ToList();
        using var c = Connect();
        for (int start = 0; start < keys.Count; start += CacheBatch)
        {
            int n = Math.Min(CacheBatch, keys.Count - start);
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
                var vector = ToVector((byte[])r.GetValue(1));
                foreach (var i in index[Convert.ToHexString((byte[])r.GetValue(0))]) found[i] = vector;
            }
        }
        return found;
    }

    public void StoreCached(string modelId, IReadOnlyList<(byte[] Hash, float[] Vector)> entries)
    {
        if (entries.Count == 0) return;
        using var c = Connect();
        using var tx = c.BeginTransaction();
        using var cmd = Command(c, tx, "INSERT OR REPLACE INTO embedding_cache(model_id, dimensions, text_hash, vector) VALUES ($m, $d, $h, $v)");
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

    public long CountCached(string? modelId = null)
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = modelId is null ? "SELECT COUNT(*) FROM embedding_cache" : "SELECT COUNT(*) FROM embedding_cache WHERE model_id=$m";
        if (modelId is not null) cmd.Parameters.AddWithValue("$m", modelId);
        return (long)cmd.ExecuteScalar()!;
    }
}
