namespace Tailor.Chunking;

/// <summary>
/// The rows of a table as column name → cell, read from table text in the extractors' form (one row a line,
/// cells separated by " | ", the header row naming the columns). Rows wider than the header keep the extra
/// cells under "column N"; shorter rows miss the last columns.
/// </summary>
public static class TableRows
{
    public const string CellSeparator = " | ";

    /// <summary>The rows of <paramref name="lines"/> under <paramref name="header"/>; a line equal to the header is not a row.</summary>
    public static List<IReadOnlyDictionary<string, string>> Read(string header, IEnumerable<string> lines)
    {
        var names = header.Split(CellSeparator);
        var rows = new List<IReadOnlyDictionary<string, string>>();
        foreach (var line in lines)
        {
            if (string.IsNullOrWhiteSpace(line) || line == header) continue;
            rows.Add(Row(names, line));
        }
        return rows;
    }

    /// <summary>One row of cells under the column names.</summary>
    public static IReadOnlyDictionary<string, string> Row(string[] names, string line)
    {
        var cells = line.Split(CellSeparator);
        var row = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < cells.Length; i++)
        {
            string name = i < names.Length && names[i].Trim().Length > 0 ? names[i].Trim() : "column " + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            row.TryAdd(name, cells[i].Trim());
        }
        return row;
    }

    /// <summary>
    /// The text of a table chunk cut to the header and the rows that satisfy every condition, so an answer
    /// quotes only matching rows (a header repeated inside the chunk is dropped). Text that does not start with a table header (no " | " on its first line)
    /// or has no matching row is returned unchanged.
    /// </summary>
    public static string KeepMatching(string text, IReadOnlyList<Retrieval.ColumnCondition> conditions)
    {
        if (conditions.Count == 0) return text;
        var lines = text.Split('\n');
        if (lines.Length < 2 || !lines[0].Contains(CellSeparator, StringComparison.Ordinal)) return text;
        var names = lines[0].Split(CellSeparator);
        var kept = new List<string> { lines[0] };
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0 || lines[i] == lines[0]) continue; // the gap and repeated header where a chunk joins two blocks of a table
            if (!lines[i].Contains(CellSeparator, StringComparison.Ordinal) && names.Length > 1) return text; // not a table line: leave the chunk whole
            var row = Row(names, lines[i]);
            if (conditions.All(c => c.Matches(row))) kept.Add(lines[i]);
        }
        return kept.Count == 1 ? text : string.Join('\n', kept);
    }
}
