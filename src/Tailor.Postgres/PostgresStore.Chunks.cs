using System.Data;
using Npgsql;
using Tailor.Storage;

namespace Tailor.Postgres;

/// <summary>Reads and scans of documents and chunks, and the filter of allowed chunks.</summary>
public sealed partial class PostgresStore
{
    private const string ChunkColumns = "c.id, c.document_id, c.ordinal, c.section, c.text, c.line_start, c.line_end, c.anchor, c.token_count";
    private const string DocumentColumns = "d.id, d.source, d.root, d.title, d.format, d.content_hash, d.bytes, d.chunk_count, d.ingested_at, d.date, " +
        "ARRAY(SELECT t.tag FROM document_tags t WHERE t.document_id = d.id ORDER BY t.tag COLLATE \"C\"), d.header_row";

    private static StoredChunk ReadChunk(NpgsqlDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetInt32(2), r.GetString(3), r.GetString(4),
        r.GetInt32(5), r.GetInt32(6), r.IsDBNull(7) ? null : r.GetString(7), r.GetInt32(8));

    private static StoredDocument ReadDocument(NpgsqlDataReader r, int o = 0) => new(
        r.GetString(o), r.GetString(o + 1), r.GetString(o + 2), r.GetString(o + 3), r.GetString(o + 4), r.GetString(o + 5),
        r.GetInt64(o + 6), r.GetInt32(o + 7), r.GetString(o + 8))
    {
        Date = r.IsDBNull(o + 9) ? null : DateTime.SpecifyKind(r.GetDateTime(o + 9), DateTimeKind.Utc),
        Tags = r.GetFieldValue<string[]>(o + 10),
        HeaderRow = r.IsDBNull(o + 11) ? null : r.GetBoolean(o + 11),
    };

    public Dictionary<long, (StoredChunk Chunk, StoredDocument Document)> GetChunks(IReadOnlyList<long> ids)
    {
        var result = new Dictionary<long, (StoredChunk, StoredDocument)>(ids.Count);
        if (ids.Count == 0) return result;
        using var c = Use();
        using var cmd = c.Command($"SELECT {ChunkColumns}, {DocumentColumns} FROM chunks c JOIN documents d ON d.id = c.document_id WHERE c.id = ANY($1)");
        cmd.Parameters.AddWithValue(ids.ToArray());
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            var chunk = ReadChunk(r);
            var doc = ReadDocument(r, 9);
            result[chunk.Id] = (chunk, doc with { Tags = [], Date = null }); // as the embedded store returns them
        }
        return result;
    }

    public List<StoredDocument> ListDocuments(string? idPrefix = null)
    {
        using var c = Use();
        using var cmd = c.Command($"SELECT {DocumentColumns} FROM documents d"
            + (idPrefix is null ? "" : " WHERE starts_with(d.id, $1)") + " ORDER BY d.id COLLATE \"C\"");
        if (idPrefix is not null) cmd.Parameters.AddWithValue(idPrefix);
        using var r = cmd.ExecuteReader();
        var list = new List<StoredDocument>();
        while (r.Read()) list.Add(ReadDocument(r));
        return list;
    }

    public StoredDocument? GetDocument(string id)
    {
        using var c = Use();
        using var cmd = c.Command($"SELECT {DocumentColumns} FROM documents d WHERE d.id = $1");
        cmd.Parameters.AddWithValue(id);
        using var r = cmd.ExecuteReader();
        return r.Read() ? ReadDocument(r) : null;
    }

    public List<StoredChunk> ChunksOf(string documentId)
    {
        using var c = Use();
        using var cmd = c.Command($"SELECT {ChunkColumns} FROM chunks c WHERE c.document_id = $1 ORDER BY c.ordinal");
        cmd.Parameters.AddWithValue(documentId);
        using var r = cmd.ExecuteReader();
        var list = new List<StoredChunk>();
        while (r.Read()) list.Add(ReadChunk(r));
        return list;
    }

    public Dictionary<long, List<IReadOnlyDictionary<string, string>>> RowsOf(string documentId)
    {
        using var c = Use();
        using var cmd = c.Command("SELECT v.chunk_id, v.row_no, v.name, v.value FROM chunk_cells v JOIN chunks c ON c.id = v.chunk_id WHERE c.document_id = $1 ORDER BY v.chunk_id, v.row_no");
        cmd.Parameters.AddWithValue(documentId);
        using var r = cmd.ExecuteReader();
        return CellRows.Group(r);
    }

    public (long Documents, long Chunks) Counts()
    {
        using var c = Use();
        using var cmd = c.Command("SELECT (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM chunks)");
        using var r = cmd.ExecuteReader();
        r.Read();
        return (r.GetInt64(0), r.GetInt64(1));
    }

    public HashSet<long> FilterChunks(ChunkFilter filter)
    {
        using var c = Use();
        using var cmd = c.Command("SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id" + FilterSql(filter, out var parameters));
        foreach (var p in parameters) cmd.Parameters.Add(p);
        using var r = cmd.ExecuteReader();
        var allowed = new HashSet<long>();
        while (r.Read()) allowed.Add(r.GetInt64(0));
        return allowed;
    }

    /// <summary>The WHERE clause of <paramref name="filter"/> over <c>d</c> (documents), with named parameters.</summary>
    private static string FilterSql(ChunkFilter filter, out List<NpgsqlParameter> parameters)
    {
        parameters = [];
        var where = new List<string>();
        // the id, or the source as shown (an uploaded file's server-side folder removed, by the rule the server's answers
        // follow), starts with the prefix; or the shown source starts with the resolved path
        var source = new List<string>(3);
        if (!string.IsNullOrEmpty(filter.SourcePrefix))
        {
            source.Add("starts_with(d.id, @src)");
            source.Add("starts_with(regexp_replace(d.source, @uploads, ''), @src)");
            parameters.Add(new NpgsqlParameter("src", filter.SourcePrefix));
        }
        if (!string.IsNullOrEmpty(filter.SourcePath))
        {
            source.Add("starts_with(regexp_replace(d.source, @uploads, ''), @srcPath)");
            parameters.Add(new NpgsqlParameter("srcPath", filter.SourcePath));
        }
        if (source.Count > 0)
        {
            where.Add("(" + string.Join(" OR ", source) + ")");
            parameters.Add(new NpgsqlParameter("uploads", Tailor.Ingestion.UploadFolder.Pattern));
        }
        if (filter.After is { } after)
        {
            where.Add("d.date >= @after");
            parameters.Add(new NpgsqlParameter("after", ToUtc(after)));
        }
        if (filter.Before is { } before)
        {
            where.Add("d.date < @before");
            parameters.Add(new NpgsqlParameter("before", ToUtc(before)));
        }
        if (filter.Tags.Count > 0)
        {
            where.Add("(SELECT COUNT(*) FROM document_tags t WHERE t.document_id = d.id AND t.tag = ANY(@tags)) = @tagCount");
            parameters.Add(new NpgsqlParameter("tags", filter.Tags.ToArray()));
            parameters.Add(new NpgsqlParameter("tagCount", (long)filter.Tags.Count));
        }
        if (filter.Groups is { Count: > 0 } groups)
        {
            // a document without access groups is readable by all; one with groups only by a caller sharing one
            where.Add("(NOT EXISTS (SELECT 1 FROM document_tags t WHERE t.document_id = d.id AND starts_with(t.tag, @aclPrefix))"
                + " OR EXISTS (SELECT 1 FROM document_tags t WHERE t.document_id = d.id AND t.tag = ANY(@groups)))");
            parameters.Add(new NpgsqlParameter("aclPrefix", Documents.AccessGroups.TagPrefix));
            parameters.Add(new NpgsqlParameter("groups", groups.Select(Documents.AccessGroups.Tag).ToArray()));
        }
        if (filter.Where.Count > 0)
        {
            var rowConditions = new List<string>();
            for (int i = 0; i < filter.Where.Count; i++)
            {
                var w = filter.Where[i];
                parameters.Add(new NpgsqlParameter("wn" + i, w.Column));
                parameters.Add(new NpgsqlParameter("wv" + i, w.Value));
                rowConditions.Add($"EXISTS (SELECT 1 FROM chunk_cells v WHERE v.chunk_id = r.chunk_id AND v.row_no = r.row_no AND v.name = @wn{i} AND v.value {(w.Negated ? "<>" : "=")} @wv{i})");
            }
            where.Add("EXISTS (SELECT 1 FROM chunk_cells r WHERE r.chunk_id = c.id AND " + string.Join(" AND ", rowConditions) + ")");
        }
        return where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "";
    }

    public long ScanChunks(Action<ChunkRow> visit)
    {
        using var c = Use();
        using var tx = c.Begin(IsolationLevel.RepeatableRead); // one snapshot: generation and rows agree
        var generation = ReadVersion(c, tx).Generation;
        using (var cmd = c.Command("SELECT c.id, d.title, c.section, c.text, c.checksum FROM chunks c JOIN documents d ON d.id = c.document_id ORDER BY c.id", tx))
        using (var r = cmd.ExecuteReader())
            while (r.Read()) visit(ReadRow(r));
        c.Commit(tx);
        return generation;
    }

    public List<ChunkRow> ChunkPage(long afterId, int limit)
    {
        using var c = Use();
        using var cmd = c.Command("SELECT c.id, d.title, c.section, c.text, c.checksum FROM chunks c JOIN documents d ON d.id = c.document_id WHERE c.id > $1 ORDER BY c.id LIMIT $2");
        cmd.Parameters.AddWithValue(afterId);
        cmd.Parameters.AddWithValue(limit);
        using var r = cmd.ExecuteReader();
        var page = new List<ChunkRow>(Math.Min(limit, 4096));
        while (r.Read()) page.Add(ReadRow(r));
        return page;
    }

    private static ChunkRow ReadRow(NpgsqlDataReader r) => new(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4));
}
