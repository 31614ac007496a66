using Npgsql;
using NpgsqlTypes;
using Tailor.Chunking;
using Tailor.Storage;

namespace Tailor.Postgres;

/// <summary>
/// Document writes as sets: a batch is one transaction, and each kind of row (documents, tags, chunks, table cells,
/// the chunks they replace) is written for many documents at once, as arrays in one statement per
/// <see cref="StatementBudget"/> bytes, not in statements per document. On a real server a batch of a few hundred
/// documents takes a handful of round trips; PGlite's socket, which takes bounded messages, gets more and smaller ones.
/// </summary>
public sealed partial class PostgresStore
{
    /// <summary>Bytes of parameters per statement on a server that takes messages of any size (a real PostgreSQL).</summary>
    internal const int LargeStatementBudget = 4 * 1024 * 1024;

    /// <summary>Bytes of parameters per statement: <see cref="MessageBudget"/> on PGlite, <see cref="LargeStatementBudget"/> elsewhere.</summary>
    internal int StatementBudget { get; private init; } = MessageBudget;

    /// <summary>
    /// True when the server is PGlite (PostgreSQL compiled to WebAssembly by Emscripten), whose socket server takes each
    /// protocol message from one network read and drops the connection on a message of a few hundred KB.
    /// </summary>
    private static bool TakesBoundedMessages(NpgsqlConnection c)
    {
        using var cmd = new NpgsqlCommand("SELECT version()", c);
        return cmd.ExecuteScalar() is string version && version.Contains("Emscripten", StringComparison.OrdinalIgnoreCase);
    }

    public List<WriteOutcome> Write(IReadOnlyList<DocumentWrite> batch)
    {
        var outcomes = new List<WriteOutcome>(batch.Count);
        using var c = Use();
        using var tx = c.Begin();
        // a document written twice in one batch is written in order, the later write replacing the earlier: the batch is
        // cut before the repeat (one statement cannot upsert the same row twice)
        var run = new List<DocumentWrite>(batch.Count);
        var inRun = new HashSet<string>(StringComparer.Ordinal);
        foreach (var write in batch)
        {
            if (!inRun.Add(write.Document.Id))
            {
                WriteDistinct(c, tx, run, outcomes);
                run.Clear();
                inRun.Clear();
                inRun.Add(write.Document.Id);
            }
            run.Add(write);
        }
        if (run.Count > 0) WriteDistinct(c, tx, run, outcomes);
        Bump(c, tx);
        c.Commit(tx);
        return outcomes;
    }

    /// <summary>Writes documents with distinct ids: each kind of row for all of them, a statement per budget.</summary>
    private void WriteDistinct(Connection c, NpgsqlTransaction tx, List<DocumentWrite> writes, List<WriteOutcome> outcomes)
    {
        var ids = writes.Select(w => w.Document.Id).ToArray();
        var previous = PreviousChunks(c, tx, ids);
        foreach (var (start, end) in Groups(writes.Count, i => DocumentBytes(writes[i])))
            UpsertDocuments(c, tx, writes, start, end);
        foreach (var (start, end) in Groups(ids.Length, i => 2 * ids[i].Length + 16))
        {
            using var clear = c.Command("DELETE FROM document_tags WHERE document_id = ANY($1)", tx);
            clear.Parameters.AddWithValue(ids[start..end]);
            clear.ExecuteNonQuery();
        }
        InsertTags(c, tx, writes);

        var fresh = writes.Select(w => new long[w.Chunks.Count]).ToArray();
        var chunks = new List<(int Write, int Ordinal)>();
        for (int w = 0; w < writes.Count; w++)
            for (int o = 0; o < writes[w].Chunks.Count; o++) chunks.Add((w, o));
        foreach (var (start, end) in Groups(chunks.Count, i => ChunkBytes(writes[chunks[i].Write].Document.Id, writes[chunks[i].Write].Chunks[chunks[i].Ordinal])))
            InsertChunks(c, tx, writes, chunks, start, end, fresh);
        InsertCells(c, tx, writes, fresh);

        var replaced = writes.SelectMany(w => previous.TryGetValue(w.Document.Id, out var old) ? old : []).ToArray();
        foreach (var (start, end) in Groups(replaced.Length, _ => 8))
        {
            using var delete = c.Command("DELETE FROM chunks WHERE id = ANY($1)", tx);
            delete.Parameters.AddWithValue(replaced[start..end]);
            delete.ExecuteNonQuery();
        }
        for (int w = 0; w < writes.Count; w++)
        {
            var old = previous.TryGetValue(ids[w], out var list) ? list.ToArray() : [];
            outcomes.Add(new WriteOutcome(ids[w], old.Length > 0, fresh[w], old));
        }
    }

    /// <summary>The chunk ids each of <paramref name="ids"/> has now, in id order.</summary>
    private Dictionary<string, List<long>> PreviousChunks(Connection c, NpgsqlTransaction tx, string[] ids)
    {
        var previous = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        foreach (var (start, end) in Groups(ids.Length, i => 2 * ids[i].Length + 16))
        {
            using var old = c.Command("SELECT document_id, id FROM chunks WHERE document_id = ANY($1) ORDER BY id", tx);
            old.Parameters.AddWithValue(ids[start..end]);
            using var r = old.ExecuteReader();
            while (r.Read())
            {
                var id = r.GetString(0);
                if (!previous.TryGetValue(id, out var list)) previous[id] = list = [];
                list.Add(r.GetInt64(1));
            }
        }
        return previous;
    }

    private static int DocumentBytes(DocumentWrite w)
    {
        var d = w.Document;
        return 2 * (d.Id.Length + d.Source.Length + d.Root.Length + d.Title.Length + d.Format.Length + d.ContentHash.Length + d.IngestedAt.Length) + 96;
    }

    private static int ChunkBytes(string documentId, ChunkDraft chunk) =>
        2 * (documentId.Length + chunk.Text.Length + chunk.Section.Length + (chunk.Anchor?.Length ?? 0)) + 64;

    private static void UpsertDocuments(Connection c, NpgsqlTransaction tx, List<DocumentWrite> writes, int start, int end)
    {
        int n = end - start;
        var id = new string[n];
        var source = new string[n];
        var root = new string[n];
        var title = new string[n];
        var format = new string[n];
        var hash = new string[n];
        var bytes = new long[n];
        var count = new int[n];
        var at = new string[n];
        var date = new DateTime?[n];
        var headerRow = new bool?[n];
        for (int i = 0; i < n; i++)
        {
            var w = writes[start + i];
            var d = w.Document;
            (id[i], source[i], root[i], title[i], format[i], hash[i]) = (d.Id, d.Source, d.Root, d.Title, d.Format, d.ContentHash);
            (bytes[i], count[i], at[i]) = (d.Bytes, w.Chunks.Count, d.IngestedAt);
            date[i] = d.Date is { } day ? ToUtc(day) : null;
            headerRow[i] = d.HeaderRow;
        }
        using var upsert = c.Command("""
            INSERT INTO documents(id, source, root, title, format, content_hash, bytes, chunk_count, ingested_at, date, header_row)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::int[], $9::text[], $10::timestamptz[], $11::boolean[])
            ON CONFLICT(id) DO UPDATE SET source=excluded.source, root=excluded.root, title=excluded.title,
              format=excluded.format, content_hash=excluded.content_hash, bytes=excluded.bytes,
              chunk_count=excluded.chunk_count, ingested_at=excluded.ingested_at, date=excluded.date, header_row=excluded.header_row
            """, tx);
        foreach (var column in new object[] { id, source, root, title, format, hash, bytes, count, at }) upsert.Parameters.AddWithValue(column);
        upsert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, Value = date });
        upsert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Boolean, Value = headerRow });
        upsert.ExecuteNonQuery();
    }

    private void InsertTags(Connection c, NpgsqlTransaction tx, List<DocumentWrite> writes)
    {
        var pairs = new List<(string Document, string Tag)>();
        foreach (var w in writes)
            foreach (var tag in Tailor.Documents.DocumentTags.Merge(w.Document.Tags)) pairs.Add((w.Document.Id, tag));
        foreach (var (start, end) in Groups(pairs.Count, i => 2 * (pairs[i].Document.Length + pairs[i].Tag.Length) + 16))
        {
            using var insert = c.Command("INSERT INTO document_tags(document_id, tag) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING", tx);
            insert.Parameters.AddWithValue(pairs.Skip(start).Take(end - start).Select(p => p.Document).ToArray());
            insert.Parameters.AddWithValue(pairs.Skip(start).Take(end - start).Select(p => p.Tag).ToArray());
            insert.ExecuteNonQuery();
        }
    }

    /// <summary>Chunks [start, end) of <paramref name="chunks"/> (of several documents) in one statement; their new ids into <paramref name="fresh"/>.</summary>
    private static void InsertChunks(Connection c, NpgsqlTransaction tx, List<DocumentWrite> writes, List<(int Write, int Ordinal)> chunks, int start, int end, long[][] fresh)
    {
        int n = end - start;
        var positions = new int[n];
        var documents = new string[n];
        var ordinals = new int[n];
        var sections = new string[n];
        var texts = new string[n];
        var starts = new int[n];
        var ends = new int[n];
        var anchors = new string?[n];
        var tokens = new int[n];
        var checksums = new long[n];
        var writeOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < n; i++)
        {
            var (w, o) = chunks[start + i];
            var ch = writes[w].Chunks[o];
            positions[i] = i;
            documents[i] = writes[w].Document.Id;
            writeOf[documents[i]] = w;
            ordinals[i] = o;
            sections[i] = ch.Section;
            texts[i] = ch.Text;
            starts[i] = ch.LineStart;
            ends[i] = ch.LineEnd;
            anchors[i] = ch.Anchor;
            tokens[i] = ch.TokenCount;
            checksums[i] = Checksums.Fnv1a64(ch.Text);
        }
        // ids in the order of the batch (document by document, ordinal by ordinal), as a write per document gave them
        using var insert = c.Command("""
            INSERT INTO chunks(document_id, ordinal, section, text, line_start, line_end, anchor, token_count, checksum)
            SELECT d, o, s, t, ls, le, a, tc, ck
            FROM unnest($1::int[], $2::text[], $3::int[], $4::text[], $5::text[], $6::int[], $7::int[], $8::text[], $9::int[], $10::bigint[])
              AS u(k, d, o, s, t, ls, le, a, tc, ck)
            ORDER BY k
            RETURNING id, document_id, ordinal
            """, tx);
        foreach (var column in new object[] { positions, documents, ordinals, sections, texts, starts, ends }) insert.Parameters.AddWithValue(column);
        insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = anchors });
        insert.Parameters.AddWithValue(tokens);
        insert.Parameters.AddWithValue(checksums);
        using var r = insert.ExecuteReader();
        while (r.Read()) fresh[writeOf[r.GetString(1)]][r.GetInt32(2)] = r.GetInt64(0);
    }

    /// <summary>The table rows of the written chunks as normalized cells, a statement per budget.</summary>
    private void InsertCells(Connection c, NpgsqlTransaction tx, List<DocumentWrite> writes, long[][] fresh)
    {
        var ids = new List<long>();
        var rowNumbers = new List<int>();
        var names = new List<string>();
        var values = new List<string>();
        int bytes = 0;
        for (int w = 0; w < writes.Count; w++)
            for (int i = 0; i < writes[w].Chunks.Count; i++)
            {
                if (writes[w].Chunks[i].Rows is not { Count: > 0 } rows) continue;
                for (int row = 0; row < rows.Count; row++)
                    foreach (var (name, value) in rows[row])
                    {
                        int size = 2 * (name.Length + value.Length) + 48;
                        if (ids.Count > 0 && bytes + size > StatementBudget) { Flush(); bytes = 0; }
                        bytes += size;
                        ids.Add(fresh[w][i]);
                        rowNumbers.Add(row);
                        names.Add(Retrieval.ColumnCondition.Normalize(name));
                        values.Add(Retrieval.ColumnCondition.Normalize(value));
                    }
            }
        Flush();

        void Flush()
        {
            if (ids.Count == 0) return;
            using var insert = c.Command("""
                INSERT INTO chunk_cells(chunk_id, row_no, name, value)
                SELECT i, r, n, v FROM unnest($1::bigint[], $2::int[], $3::text[], $4::text[]) AS u(i, r, n, v)
                ON CONFLICT DO NOTHING
                """, tx);
            insert.Parameters.AddWithValue(ids.ToArray());
            insert.Parameters.AddWithValue(rowNumbers.ToArray());
            insert.Parameters.AddWithValue(names.ToArray());
            insert.Parameters.AddWithValue(values.ToArray());
            insert.ExecuteNonQuery();
            ids.Clear(); rowNumbers.Clear(); names.Clear(); values.Clear();
        }
    }

    /// <summary>
    /// [0, count) cut into consecutive ranges whose items' estimated <paramref name="bytes"/> stay within the statement
    /// budget; an item larger than the budget goes alone.
    /// </summary>
    private IEnumerable<(int Start, int End)> Groups(int count, Func<int, int> bytes)
    {
        for (int start = 0; start < count;)
        {
            int end = start + 1;
            long total = bytes(start);
            while (end < count && total + bytes(end) <= StatementBudget) total += bytes(end++);
            yield return (start, end);
            start = end;
        }
    }
}
