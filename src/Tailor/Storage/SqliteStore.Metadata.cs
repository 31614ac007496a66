using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Tailor.Storage;

/// <summary>
/// Document metadata used by search filters: tags (table <c>document_tags</c>) and a date (column
/// <c>documents.date</c>, ISO 8601 UTC). Databases created before these existed are migrated on open.
/// </summary>
public sealed partial class SqliteStore
{
    /// <summary>The stored form of a date: ISO 8601 UTC with a fixed width, so text order is time order.</summary>
    internal static string FormatDate(DateTime date) =>
        (date.Kind == DateTimeKind.Local ? date.ToUniversalTime() : DateTime.SpecifyKind(date, DateTimeKind.Utc))
            .ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static DateTime ParseStoredDate(string text) =>
        DateTime.SpecifyKind(DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), DateTimeKind.Utc);

    /// <summary>Replaces a document's tags and date inside the transaction that writes it.</summary>
    private static void WriteMetadata(SqliteConnection c, SqliteTransaction tx, StoredDocument doc)
    {
        using (var date = Command(c, tx, "UPDATE documents SET date=$d, header_row=$h WHERE id=$id"))
        {
            date.Parameters.AddWithValue("$id", doc.Id);
            date.Parameters.AddWithValue("$h", doc.HeaderRow is { } h ? (h ? 1 : 0) : DBNull.Value);
            date.Parameters.AddWithValue("$d", doc.Date is { } d ? FormatDate(d) : DBNull.Value);
            date.ExecuteNonQuery();
        }
        using (var clear = Command(c, tx, "DELETE FROM document_tags WHERE document_id=$id"))
        {
            clear.Parameters.AddWithValue("$id", doc.Id);
            clear.ExecuteNonQuery();
        }
        if (doc.Tags.Count == 0) return;
        using var insert = Command(c, tx, "INSERT OR IGNORE INTO document_tags(document_id, tag) VALUES ($id, $t)");
        var pt = insert.Parameters.Add("$t", SqliteType.Text);
        insert.Parameters.AddWithValue("$id", doc.Id);
        foreach (var tag in Documents.DocumentTags.Merge(doc.Tags))
        {
            pt.Value = tag;
            insert.ExecuteNonQuery();
        }
    }

    /// <summary>Adds <paramref name="tags"/> to every document that came from one of <paramref name="sources"/> (in one transaction).</summary>
    public void AddTags(IEnumerable<string> sources, IReadOnlyList<string> tags)
    {
        var normalized = Documents.DocumentTags.Merge(tags);
        if (normalized.Count == 0) return;
        using var c = Connect();
        using var tx = c.BeginTransaction();
        using var insert = Command(c, tx, "INSERT OR IGNORE INTO document_tags(document_id, tag) SELECT id, $t FROM documents WHERE source=$s");
        var ps = insert.Parameters.Add("$s", SqliteType.Text);
        var pt = insert.Parameters.Add("$t", SqliteType.Text);
        foreach (var source in sources)
        {
            ps.Value = source;
            foreach (var tag in normalized)
            {
                pt.Value = tag;
                insert.ExecuteNonQuery();
            }
        }
        tx.Commit();
    }

    /// <summary>The documents with their tags and date filled in.</summary>
    internal List<StoredDocument> WithMetadata(IReadOnlyList<StoredDocument> documents)
    {
        var result = new List<StoredDocument>(documents.Count);
        if (documents.Count == 0) return result;
        using var c = Connect();
        using var tags = c.CreateCommand();
        tags.CommandText = "SELECT tag FROM document_tags WHERE document_id=$id ORDER BY tag";
        var tagId = tags.Parameters.Add("$id", SqliteType.Text);
        using var date = c.CreateCommand();
        date.CommandText = "SELECT date, header_row FROM documents WHERE id=$id";
        var dateId = date.Parameters.Add("$id", SqliteType.Text);
        foreach (var doc in documents)
        {
            tagId.Value = doc.Id;
            var list = new List<string>();
            using (var r = tags.ExecuteReader()) while (r.Read()) list.Add(r.GetString(0));
            dateId.Value = doc.Id;
            string? stored = null;
            bool? headerRow = null;
            using (var r = date.ExecuteReader())
                if (r.Read())
                {
                    stored = r.IsDBNull(0) ? null : r.GetString(0);
                    headerRow = r.IsDBNull(1) ? null : r.GetInt64(1) != 0;
                }
            result.Add(doc with { Tags = list, Date = stored is null ? null : ParseStoredDate(stored), HeaderRow = headerRow });
        }
        return result;
    }

    /// <summary>
    /// The source prefix's condition over <c>d</c>: the id, or the source as shown (an uploaded file's server-side folder
    /// removed, by the same rule as the server's answers: <see cref="Ingestion.UploadFolder"/>), starts with the prefix; or
    /// the shown source starts with the resolved path. Null when the filter has neither.
    /// </summary>
    private static string? SourceCondition(SqliteConnection c, SqliteCommand cmd, ChunkFilter filter)
    {
        var any = new List<string>(3);
        if (!string.IsNullOrEmpty(filter.SourcePrefix))
        {
            any.Add("substr(s.id, 1, length($src)) = $src");
            any.Add("substr(tailor_shown_source(s.source), 1, length($src)) = $src");
            cmd.Parameters.AddWithValue("$src", filter.SourcePrefix);
        }
        if (!string.IsNullOrEmpty(filter.SourcePath))
        {
            any.Add("substr(tailor_shown_source(s.source), 1, length($srcPath)) = $srcPath");
            cmd.Parameters.AddWithValue("$srcPath", filter.SourcePath);
        }
        if (any.Count == 0) return null;
        c.CreateFunction<string, string?>("tailor_shown_source", Ingestion.UploadFolder.Remove, isDeterministic: true);
        // a list of documents made once, not a test per chunk: the shown source is computed in .NET
        return "d.id IN (SELECT s.id FROM documents s WHERE " + string.Join(" OR ", any) + ")";
    }

    /// <summary>Ids of the chunks whose documents pass <paramref name="filter"/>: the allowed set both search sides are restricted to.</summary>
    public HashSet<long> FilterChunks(ChunkFilter filter)
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        var where = new List<string>();
        if (SourceCondition(c, cmd, filter) is { } source) where.Add(source);
        if (filter.After is { } after)
        {
            where.Add("d.date >= $after");
            cmd.Parameters.AddWithValue("$after", FormatDate(after));
        }
        if (filter.Before is { } before)
        {
            where.Add("d.date < $before");
            cmd.Parameters.AddWithValue("$before", FormatDate(before));
        }
        var tags = filter.Tags;
        if (tags.Count > 0)
        {
            var names = new string[tags.Count];
            for (int i = 0; i < tags.Count; i++)
            {
                names[i] = "$t" + i;
                cmd.Parameters.AddWithValue(names[i], tags[i]);
            }
            where.Add($"(SELECT COUNT(*) FROM document_tags t WHERE t.document_id = d.id AND t.tag IN ({string.Join(',', names)})) = {tags.Count}");
        }
        if (filter.Groups is { Count: > 0 } groups)
        {
            var names = new string[groups.Count];
            for (int i = 0; i < groups.Count; i++)
            {
                names[i] = "$g" + i;
                cmd.Parameters.AddWithValue(names[i], Documents.AccessGroups.Tag(groups[i]));
            }
            where.Add($"(NOT EXISTS (SELECT 1 FROM document_tags t WHERE t.document_id = d.id AND substr(t.tag, 1, 4) = 'acl:')"
                + $" OR EXISTS (SELECT 1 FROM document_tags t WHERE t.document_id = d.id AND t.tag IN ({string.Join(',', names)})))");
        }
        if (filter.Where.Count > 0)
        {
            var rowConditions = new List<string>();
            for (int i = 0; i < filter.Where.Count; i++)
            {
                var w = filter.Where[i];
                cmd.Parameters.AddWithValue("$wn" + i, w.Column);
                cmd.Parameters.AddWithValue("$wv" + i, w.Value);
                rowConditions.Add($"EXISTS (SELECT 1 FROM chunk_cells v WHERE v.chunk_id = r.chunk_id AND v.row_no = r.row_no AND v.name = $wn{i} AND v.value {(w.Negated ? "<>" : "=")} $wv{i})");
            }
            where.Add("EXISTS (SELECT 1 FROM chunk_cells r WHERE r.chunk_id = c.id AND " + string.Join(" AND ", rowConditions) + ")");
        }
        cmd.CommandText = "SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id"
            + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "");
        using var reader = cmd.ExecuteReader();
        var allowed = new HashSet<long>();
        while (reader.Read()) allowed.Add(reader.GetInt64(0));
        return allowed;
    }
}
