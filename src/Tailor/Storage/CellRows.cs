using System.Data.Common;

namespace Tailor.Storage;

/// <summary>Reads <c>chunk_cells</c> rows (chunk_id, row_no, name, value; ordered by chunk and row) back into rows per chunk.</summary>
public static class CellRows
{
    public static Dictionary<long, List<IReadOnlyDictionary<string, string>>> Group(DbDataReader reader)
    {
        var result = new Dictionary<long, List<IReadOnlyDictionary<string, string>>>();
        long lastChunk = -1;
        long lastRow = -1;
        Dictionary<string, string>? row = null;
        while (reader.Read())
        {
            long chunk = reader.GetInt64(0), number = reader.GetInt64(1);
            if (row is null || chunk != lastChunk || number != lastRow)
            {
                row = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                if (!result.TryGetValue(chunk, out var rows)) result[chunk] = rows = [];
                rows.Add(row);
                (lastChunk, lastRow) = (chunk, number);
            }
            row[reader.GetString(2)] = reader.GetString(3);
        }
        return result;
    }
}
