using System.Globalization;
using Tailor.Storage;

namespace Tailor.Tables;

/// <summary>
/// A table rebuilt from the stored chunks of a table source (CSV, TSV, a workbook sheet): the header
/// row every chunk repeats gives the columns, the other lines (cells joined by " | ") the rows, so what
/// is queried is exactly what was indexed (redacted values stay redacted). Each column is typed by
/// sniffing its values: INTEGER when every filled cell is a whole number, REAL when every one is a
/// number, else TEXT; empty cells are NULL.
/// </summary>
public sealed record TableData(string Name, IReadOnlyList<string> Columns, IReadOnlyList<string> Types, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>How cells are separated in a stored table row.</summary>
    public const string CellSeparator = " | ";

    /// <summary>
    /// The table whose header line is <paramref name="header"/>, from the chunks of its document (in order):
    /// every chunk holding that header line contributes the lines after it (the header itself, repeated before each run of rows, once). At most <paramref name="maxRows"/> rows.
    /// </summary>
    public static TableData FromChunks(string name, string header, IEnumerable<StoredChunk> chunks, int maxRows)
    {
        ArgumentNullException.ThrowIfNull(header);
        var columns = UniqueNames(Split(header));
        var rows = new List<IReadOnlyList<string>>();
        foreach (var chunk in chunks)
        {
            var lines = chunk.Text.Split('\n');
            int at = Array.IndexOf(lines, header);
            if (at < 0) continue;
            for (int i = at + 1; i < lines.Length; i++)
            {
                if (lines[i].Length == 0 || lines[i] == header) continue; // a chunk may hold two runs of rows, each under the header
                if (rows.Count >= maxRows)
                    throw new TailorException(string.Create(CultureInfo.InvariantCulture, $"the table {name} has more than {maxRows} rows, more than a query is run over"));
                var cells = Split(lines[i]);
                var row = new string[columns.Count];
                for (int c = 0; c < row.Length; c++) row[c] = c < cells.Length ? cells[c] : "";
                rows.Add(row);
            }
        }
        var types = new string[columns.Count];
        for (int c = 0; c < columns.Count; c++) types[c] = Sniff(rows.Select(r => r[c]));
        return new TableData(name, columns, types, rows);
    }

    /// <summary>The SQLite type of a column with these cells.</summary>
    internal static string Sniff(IEnumerable<string> cells)
    {
        bool any = false, integer = true;
        foreach (var cell in cells)
        {
            if (cell.Length == 0) continue;
            any = true;
            if (!TryNumber(cell, out _)) return "TEXT";
            if (integer && !long.TryParse(Normalize(cell), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)) integer = false;
        }
        return !any ? "TEXT" : integer ? "INTEGER" : "REAL";
    }

    /// <summary>A cell read as a number: invariant digits, an optional sign and decimal point; currency signs and % are dropped.</summary>
    internal static bool TryNumber(string cell, out double value) =>
        double.TryParse(Normalize(cell), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value)
        && double.IsFinite(value);

    private static string Normalize(string cell) => cell.Trim().TrimStart('$', '€', '£').TrimEnd('%');

    private static string[] Split(string line) => line.Split(CellSeparator);

    /// <summary>Column names made distinct (a repeated or empty name gets its position).</summary>
    private static List<string> UniqueNames(string[] header)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var names = new List<string>();
        for (int i = 0; i < header.Length; i++)
        {
            string name = header[i].Trim();
            if (name.Length == 0 || !seen.Add(name))
            {
                name = "column " + (i + 1).ToString(CultureInfo.InvariantCulture);
                seen.Add(name);
            }
            names.Add(name);
        }
        return names;
    }
}
