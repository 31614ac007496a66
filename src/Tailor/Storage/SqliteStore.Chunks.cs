using Microsoft.Data.Sqlite;

namespace Tailor.Storage;

/// <summary>Reads and scans of documents and chunks.</summary>
public sealed partial class SqliteStore
{
    private const string ChunkColumns = "c.id, c.document_id, c.ordinal, c.section, c.text, c.line_start, c.line_end, c.anchor, c.token_count";
    private const string DocumentColumns = "id, source, root, title, format, content_hash, bytes, chunk_count, ingested_at";

    public Dictionary<long, (StoredChunk Chunk, StoredDocument Document)> GetChunks(IReadOnlyList<long> ids)
    {
        var result = new Dictionary<long, (StoredChunk, StoredDocument)>(ids.Count);
        if (ids.Count == 0) return result;
        using var c = Connect();
        const int Batch = 500;
        for (int start = 0; start < ids.Count; start += Batch)
        {
            int n = Math.Min(Batch, ids.Count - start);
            using var cmd = c.CreateCommand();
            var names = new string[n];
            for (int i = 0; i < n; i++)
            {
                names[i] = "$p" + i;
                cmd.Parameters.AddWithValue(names[i], ids[start + i]);
            }
            cmd.CommandText = $"""
                SELECT {ChunkColumns},
                       d.source, d.root, d.title, d.format, d.content_hash, d.bytes, d.chunk_count, d.ingested_at
                FROM chunks c JOIN documents d ON d.id = c.document_id WHERE c.id IN ({string.Join(',', names)})
                """;
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var chunk = ReadChunk(r);
                var doc = new StoredDocument(chunk.DocumentId, r.GetString(9), r.GetString(10), r.GetString(11), r.GetString(12),
                    r.GetString(13), r.GetInt64(14), r.GetInt32(15), r.GetString(16));
                result[chunk.Id] = (chunk, doc);
            }
        }
        return result;
    }

    private static StoredChunk ReadChunk(SqliteDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetInt32(2), r.GetString(3), r.GetString(4),
        r.GetInt32(5), r.GetInt32(6), r.IsDBNull(7) ? null : r.GetString(7), r.GetInt32(8));

    public List<StoredDocument> ListDocuments(string? idPrefix = null)
    {
        var list = new List<StoredDocument>();
        using (var c = Connect())
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = $"SELECT {DocumentColumns} FROM documents"
                + (idPrefix is null ? "" : " WHERE substr(id, 1, length($p)) = $p") + " ORDER BY id";
            if (idPrefix is not null) cmd.Parameters.AddWithValue("$p", idPrefix);
            using var r = cmd.ExecuteReader();
            while (r.Read()) list.Add(ReadDocument(r));
        }
        return WithMetadata(list);
    }

    public StoredDocument? GetDocument(string id)
    {
        StoredDocument? doc;
        using (var c = Connect())
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = $"SELECT {DocumentColumns} FROM documents WHERE id=$id";
            cmd.Parameters.AddWithValue("$id", id);
            using var r = cmd.ExecuteReader();
            doc = r.Read() ? ReadDocument(r) : null;
        }
        return doc is null ? null : WithMetadata([doc])[0];
    }

    private static StoredDocument ReadDocument(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5),
        r.GetInt64(6), r.GetInt32(7), r.GetString(8));

    public List<StoredChunk> ChunksOf(string documentId)
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT {ChunkColumns} FROM chunks c WHERE c.document_id=$d ORDER BY c.ordinal";
        cmd.Parameters.AddWithValue("$d", documentId);
        using var r = cmd.ExecuteReader();
        var list = new List<StoredChunk>();
        while (r.Read()) list.Add(ReadChunk(r));
        return list;
    }

    public Dictionary<long, List<IReadOnlyDictionary<string, string>>> RowsOf(string documentId)
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT v.chunk_id, v.row_no, v.name, v.value FROM chunk_cells v JOIN chunks c ON c.id = v.chunk_id WHERE c.document_id=$d ORDER BY v.chunk_id, v.row_no";
        cmd.Parameters.AddWithValue("$d", documentId);
        using var r = cmd.ExecuteReader();
        return CellRows.Group(r);
    }

    public (long Documents, long Chunks) Counts()
    {
        using var c = Connect();
        return (Scalar<long>(c, "SELECT COUNT(*) FROM documents"), Scalar<long>(c, "SELECT COUNT(*) FROM chunks"));
    }

    public long ScanChunks(Action<ChunkRow> visit)
    {
        using var c = Connect();
        using var tx = c.BeginTransaction(deferred: true); // one read snapshot: the generation and the rows agree
        var generation = ReadVersion(c, tx).Generation;
        using var cmd = Command(c, tx, "SELECT c.id, d.title, c.section, c.text, c.checksum FROM chunks c JOIN documents d ON d.id = c.document_id ORDER BY c.id");
        using (var r = cmd.ExecuteReader())
            while (r.Read()) visit(ReadRow(r));
        tx.Commit();
        return generation;
    }

    public List<ChunkRow> ChunkPage(long afterId, int limit)
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT c.id, d.title, c.section, c.text, c.checksum FROM chunks c JOIN documents d ON d.id = c.document_id WHERE c.id > $after ORDER BY c.id LIMIT $limit";
        cmd.Parameters.AddWithValue("$after", afterId);
        cmd.Parameters.AddWithValue("$limit", limit);
        using var r = cmd.ExecuteReader();
        var page = new List<ChunkRow>(Math.Min(limit, 4096));
        while (r.Read()) page.Add(ReadRow(r));
        return page;
    }

    private static ChunkRow ReadRow(SqliteDataReader r) => new(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4));
}
