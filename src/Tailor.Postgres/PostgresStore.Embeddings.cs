using System.Globalization;
using Npgsql;
using Pgvector;
using Tailor.Storage;

namespace Tailor.Postgres;

/// <summary>
/// Embeddings (<c>real[]</c>), models, the embedding cache, and vector search: with pgvector, an HNSW index
/// (cosine) per embedding model over the vectors cast to <c>vector(d)</c>, searched with iterative index scans
/// so a filter that few chunks pass still returns k hits.
/// </summary>
public sealed partial class PostgresStore
{
    /// <summary>
    /// Bytes of parameters per statement on PGlite: its socket server takes each protocol message from one network
    /// read, so a statement is kept well inside one (a real server takes <see cref="LargeStatementBudget"/>).
    /// </summary>
    internal const int MessageBudget = 12 * 1024;

    /// <summary>Bytes of a stored model's part on a real server (on PGlite a part is <see cref="MessageBudget"/>).</summary>
    private const int LargeModelPart = 1024 * 1024;
    private readonly HashSet<string> _indexedModels = new(StringComparer.Ordinal);

    public StoredModel? ReadModel(string name)
    {
        using var c = Use();
        string modelId;
        long bytes;
        using (var head = c.Command("SELECT model_id, bytes FROM models WHERE name = $1"))
        {
            head.Parameters.AddWithValue(name);
            using var r = head.ExecuteReader();
            if (!r.Read()) return null;
            modelId = r.GetString(0);
            bytes = r.GetInt64(1);
        }
        var data = new byte[bytes];
        int offset = 0, expected = 0;
        using (var parts = c.Command("SELECT part, data FROM model_parts WHERE model = $1 ORDER BY part"))
        {
            parts.Parameters.AddWithValue(name);
            using var r = parts.ExecuteReader();
            while (r.Read())
            {
                var piece = r.GetFieldValue<byte[]>(1);
                if (r.GetInt32(0) != expected++ || offset + piece.Length > data.Length) { offset = -1; break; }
                piece.CopyTo(data, offset);
                offset += piece.Length;
            }
        }
        if (offset != data.Length)
            throw new TailorException($"{Location}: the stored model '{name}' is incomplete (its parts do not add up to {bytes} bytes); run `tailor check --repair` or re-ingest to train it again.", TailorErrorKind.Corrupt);
        return new StoredModel(modelId, data);
    }

    public int WriteEmbeddings(string modelId, IEnumerable<(long ChunkId, float[] Vector)> vectors, (string Name, byte[] Data)? model = null)
    {
        using var c = Use();
        var previous = _ambient.Value;
        _ambient.Value = c.C; // the vectors may stream from this store: on this connection, inside this transaction
        try
        {
            using var tx = c.Begin();
            if (model is { } m)
            {
                using (var clear = c.Command("DELETE FROM embeddings", tx)) clear.ExecuteNonQuery();
                SaveModel(c, tx, m.Name, modelId, m.Data);
            }
            int written = 0;
            var batch = new List<(long, float[])>();
            foreach (var item in vectors)
            {
                batch.Add(item);
                if (batch.Count >= Math.Max(1, StatementBudget / (4 * item.Vector.Length + 8))) { written += Insert(c, tx, modelId, batch); batch.Clear(); }
            }
            if (batch.Count > 0) written += Insert(c, tx, modelId, batch);
            if (written > 0 || model is not null) Bump(c, tx, "embeddings_version");
            c.Commit(tx);
            return written;
        }
        finally
        {
            _ambient.Value = previous;
        }
    }

    /// <summary>Saves a model blob as numbered parts (as many per statement as the budget takes), replacing any earlier one.</summary>
    private void SaveModel(Connection c, NpgsqlTransaction tx, string name, string modelId, byte[] data)
    {
        using (var save = c.Command("INSERT INTO models(name, model_id, bytes, trained_at) VALUES ($1, $2, $3, $4) ON CONFLICT(name) DO UPDATE SET model_id=excluded.model_id, bytes=excluded.bytes, trained_at=excluded.trained_at", tx))
        {
            save.Parameters.AddWithValue(name);
            save.Parameters.AddWithValue(modelId);
            save.Parameters.AddWithValue((long)data.Length);
            save.Parameters.AddWithValue(DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            save.ExecuteNonQuery();
        }
        using (var clear = c.Command("DELETE FROM model_parts WHERE model = $1", tx))
        {
            clear.Parameters.AddWithValue(name);
            clear.ExecuteNonQuery();
        }
        int partBytes = Math.Min(StatementBudget, LargeModelPart);
        int parts = (data.Length + partBytes - 1) / partBytes;
        foreach (var (start, end) in Groups(parts, p => Math.Min(partBytes, data.Length - p * partBytes)))
        {
            using var insert = c.Command("INSERT INTO model_parts(model, part, data) SELECT $1, p, d FROM unnest($2::int[], $3::bytea[]) AS u(p, d)", tx);
            insert.Parameters.AddWithValue(name);
            insert.Parameters.AddWithValue(Enumerable.Range(start, end - start).ToArray());
            insert.Parameters.AddWithValue(Enumerable.Range(start, end - start).Select(p => data[(p * partBytes)..Math.Min(data.Length, (p + 1) * partBytes)]).ToArray());
            insert.ExecuteNonQuery();
        }
    }

    private int Insert(Connection c, NpgsqlTransaction tx, string modelId, List<(long ChunkId, float[] Vector)> rows)
    {
        // a chunk given twice keeps its later vector, as one write after another would (one statement cannot upsert a row twice)
        var last = new Dictionary<long, int>(rows.Count);
        for (int i = 0; i < rows.Count; i++) last[rows[i].ChunkId] = i;
        if (last.Count < rows.Count) rows = [.. last.Values.Order().Select(i => rows[i])];
        if (HasVector) EnsureVectorIndex(c, tx, modelId, rows[0].Vector.Length);
        using var cmd = c.Command("""
            INSERT INTO embeddings(chunk_id, model_id, vector)
            SELECT u.id, $1, ($3::real[])[(u.n - 1) * $4 + 1 : u.n * $4]
            FROM unnest($2::bigint[]) WITH ORDINALITY AS u(id, n)
            WHERE EXISTS (SELECT 1 FROM chunks WHERE id = u.id)
            ON CONFLICT (chunk_id) DO UPDATE SET model_id = excluded.model_id, vector = excluded.vector
            """, tx);
        int dims = rows[0].Vector.Length;
        var ids = new long[rows.Count];
        var flat = new float[rows.Count * dims];
        for (int i = 0; i < rows.Count; i++)
        {
            ids[i] = rows[i].ChunkId;
            if (rows[i].Vector.Length != dims)
                throw new TailorException($"{Location}: vectors of {rows[i].Vector.Length} and {dims} dimensions in one write; one model writes one length.");
            rows[i].Vector.CopyTo(flat, i * dims);
        }
        cmd.Parameters.AddWithValue(modelId);
        cmd.Parameters.AddWithValue(ids);
        cmd.Parameters.AddWithValue(flat);
        cmd.Parameters.AddWithValue(dims);
        return cmd.ExecuteNonQuery();
    }

    /// <summary>The HNSW index (cosine) of one model's vectors: a partial index over <c>vector::vector(d)</c>.</summary>
    private void EnsureVectorIndex(Connection c, NpgsqlTransaction tx, string modelId, int dims)
    {
        var key = modelId + "/" + dims;
        lock (_indexedModels) if (_indexedModels.Contains(key)) return;
        using (var cmd = c.Command($"CREATE INDEX IF NOT EXISTS {IndexName(modelId, dims)} ON embeddings USING hnsw ((vector::vector({dims})) vector_cosine_ops) WHERE model_id = {Literal(modelId)}", tx))
            cmd.ExecuteNonQuery();
        lock (_indexedModels) _indexedModels.Add(key);
    }

    private static string IndexName(string modelId, int dims) => $"embeddings_hnsw_{(ulong)Checksums.Fnv1a64(modelId + "/" + dims):x16}";

    /// <summary>A SQL string literal (the model id is inlined so the planner can match the partial index).</summary>
    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    public List<ChunkRow> PendingChunks(string modelId, long afterId, int limit)
    {
        using var c = Use();
        using var cmd = c.Command("""
            SELECT c.id, d.title, c.section, c.text, c.checksum FROM chunks c JOIN documents d ON d.id = c.document_id
            WHERE c.id > $2 AND NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.chunk_id = c.id AND e.model_id = $1)
            ORDER BY c.id LIMIT $3
            """);
        cmd.Parameters.AddWithValue(modelId);
        cmd.Parameters.AddWithValue(afterId);
        cmd.Parameters.AddWithValue(limit);
        using var r = cmd.ExecuteReader();
        var list = new List<ChunkRow>();
        while (r.Read()) list.Add(ReadRow(r));
        return list;
    }

    public IEnumerable<(long ChunkId, float[] Vector)> ScanEmbeddings(string modelId)
    {
        // read in pages by chunk id: the connection is free between pages (a caller may use the store meanwhile)
        long after = 0;
        while (true)
        {
            var page = new List<(long, float[])>(1024);
            using (var c = Use())
            using (var cmd = c.Command("SELECT chunk_id, vector FROM embeddings WHERE model_id = $1 AND chunk_id > $2 ORDER BY chunk_id LIMIT 1024"))
            {
                cmd.Parameters.AddWithValue(modelId);
                cmd.Parameters.AddWithValue(after);
                using var r = cmd.ExecuteReader();
                while (r.Read()) page.Add((r.GetInt64(0), r.GetFieldValue<float[]>(1)));
            }
            foreach (var row in page) yield return row;
            if (page.Count < 1024) yield break;
            after = page[^1].Item1;
        }
    }

    public long CountEmbeddings(string modelId)
    {
        using var c = Use();
        using var cmd = c.Command("SELECT COUNT(*) FROM embeddings WHERE model_id = $1");
        cmd.Parameters.AddWithValue(modelId);
        return (long)cmd.ExecuteScalar()!;
    }

    public Dictionary<long, float[]> GetEmbeddings(IReadOnlyList<long> ids, string modelId)
    {
        var result = new Dictionary<long, float[]>(ids.Count);
        if (ids.Count == 0) return result;
        using var c = Use();
        using var cmd = c.Command("SELECT chunk_id, vector FROM embeddings WHERE chunk_id = ANY($1) AND model_id = $2");
        cmd.Parameters.AddWithValue(ids.ToArray());
        cmd.Parameters.AddWithValue(modelId);
        using var r = cmd.ExecuteReader();
        while (r.Read()) result[r.GetInt64(0)] = r.GetFieldValue<float[]>(1);
        return result;
    }

    public List<(long ChunkId, double Score)> SearchVectors(string modelId, float[] query, int k, ChunkFilter? filter, bool exact)
    {
        if (!HasVector) throw new TailorException($"{Location}: this PostgreSQL server has no pgvector extension, so vectors are searched in memory; install pgvector to search them in SQL.");
        int dims = query.Length;
        var parameters = new List<NpgsqlParameter>();
        string join = "", where = "";
        if (filter is not null)
        {
            where = FilterSql(filter, out parameters);
            where = where.Length > 0 ? " AND " + where[" WHERE ".Length..] : "";
            join = " JOIN chunks c ON c.id = e.chunk_id JOIN documents d ON d.id = c.document_id";
        }
        var distance = $"(e.vector::vector({dims})) <=> @q";
        using var c = Use();
        using var tx = c.Begin();
        string[] settings = exact
            ? ["SET LOCAL enable_indexscan = off"]
            : ["SET LOCAL hnsw.iterative_scan = relaxed_order", $"SET LOCAL hnsw.ef_search = {Math.Max(100, k)}"];
        foreach (var setting in settings) // one statement per command: PGlite's socket takes one at a time
            using (var set = c.Command(setting, tx)) set.ExecuteNonQuery();
        using var cmd = c.Command($"""
            WITH nearest AS MATERIALIZED (
              SELECT e.chunk_id, {distance} AS distance FROM embeddings e{join}
              WHERE e.model_id = {Literal(modelId)}{where}
              ORDER BY {distance} LIMIT {k})
            SELECT chunk_id, distance FROM nearest ORDER BY distance, chunk_id
            """, tx);
        cmd.Parameters.Add(new NpgsqlParameter("q", new Vector(query)));
        foreach (var p in parameters) cmd.Parameters.Add(p);
        var hits = new List<(long, double)>(k);
        using (var r = cmd.ExecuteReader())
            while (r.Read()) hits.Add((r.GetInt64(0), 1 - r.GetDouble(1)));
        c.Commit(tx);
        return hits;
    }

    public float[]?[] LookupCached(string modelId, int dimensions, IReadOnlyList<byte[]> hashes)
    {
        var found = new float[]?[hashes.Count];
        if (hashes.Count == 0) return found;
        var index = CachedHashPositions.Of(hashes);
        using var c = Use();
        using var cmd = c.Command("SELECT text_hash, vector FROM embedding_cache WHERE model_id = $1 AND ($2 = 0 OR dimensions = $2) AND text_hash = ANY($3)");
        cmd.Parameters.AddWithValue(modelId);
        cmd.Parameters.AddWithValue(dimensions);
        cmd.Parameters.AddWithValue(index.Keys.Select(Convert.FromHexString).ToArray());
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            var vector = r.GetFieldValue<float[]>(1);
            foreach (var i in index[Convert.ToHexString(r.GetFieldValue<byte[]>(0))]) found[i] = vector;
        }
        return found;
    }

    public void StoreCached(string modelId, IReadOnlyList<(byte[] Hash, float[] Vector)> entries)
    {
        if (entries.Count == 0) return;
        // the last vector of a hash given twice wins, as one upsert after another would leave it (one statement cannot upsert a row twice)
        var last = new Dictionary<(string, int), int>();
        for (int i = 0; i < entries.Count; i++) last[(Convert.ToHexString(entries[i].Hash), entries[i].Vector.Length)] = i;
        var kept = last.Values.Order().Select(i => entries[i]).ToArray();
        using var c = Use();
        using var tx = c.Begin();
        foreach (var (start, end) in Groups(kept.Length, i => 4 * kept[i].Vector.Length + kept[i].Hash.Length + 16))
        {
            var rows = kept[start..end];
            var offsets = new int[rows.Length];
            for (int i = 1; i < rows.Length; i++) offsets[i] = offsets[i - 1] + rows[i - 1].Vector.Length;
            using var cmd = c.Command("""
                INSERT INTO embedding_cache(model_id, dimensions, text_hash, vector)
                SELECT $1, u.n, u.h, ($5::real[])[u.o + 1 : u.o + u.n]
                FROM unnest($2::bytea[], $3::int[], $4::int[]) AS u(h, n, o)
                ON CONFLICT (model_id, dimensions, text_hash) DO UPDATE SET vector = excluded.vector
                """, tx);
            cmd.Parameters.AddWithValue(modelId);
            cmd.Parameters.AddWithValue(rows.Select(r => r.Hash).ToArray());
            cmd.Parameters.AddWithValue(rows.Select(r => r.Vector.Length).ToArray());
            cmd.Parameters.AddWithValue(offsets);
            cmd.Parameters.AddWithValue(rows.SelectMany(r => r.Vector).ToArray());
            cmd.ExecuteNonQuery();
        }
        c.Commit(tx);
    }

    public long CountCached(string? modelId = null)
    {
        using var c = Use();
        using var cmd = c.Command(modelId is null ? "SELECT COUNT(*) FROM embedding_cache" : "SELECT COUNT(*) FROM embedding_cache WHERE model_id = $1");
        if (modelId is not null) cmd.Parameters.AddWithValue(modelId);
        return (long)cmd.ExecuteScalar()!;
    }
}
