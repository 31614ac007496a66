using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Tailor.Cleaning;

namespace Tailor.Extraction;

/// <summary>
/// CSV and TSV via CsvHelper (RFC 4180 quoting, the delimiter of a .csv detected): the rows become
/// table blocks of <see cref="RowsPerBlock"/> rows, each repeating the header row and carrying its
/// source line range (a link is <c>file.csv#L2-L26</c>). A first row that does not look like a header
/// (an empty, numeric or repeated cell) is taken as data, the columns are named "column 1", "column 2", ...
/// and the document's metadata says <c>header: none</c>. Rows of another width than the header are kept.
/// </summary>
public sealed class CsvExtractor : ITextExtractor
{
    /// <summary>Rows per table block, so each chunk's link names a narrow line range.</summary>
    public const int RowsPerBlock = 25;

    private readonly TextCleaner _cleaner;

    public CsvExtractor(TextCleaner? cleaner = null) => _cleaner = cleaner ?? TextCleaner.Default;

    public IReadOnlyList<string> Extensions { get; } = [".csv", ".tsv"];

    public ExtractionResult Extract(ReadOnlyMemory<byte> content, string sourceName)
    {
        string text = SourceText.Decode(content.Span, sourceName);
        if (SourceText.IsBlank(text)) return ExtractionResult.EmptyFile();
        bool tsv = sourceName.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase);
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = tsv ? "\t" : ",",
            DetectDelimiter = !tsv,
            BadDataFound = null,
            MissingFieldFound = null,
            IgnoreBlankLines = true,
            Mode = tsv ? CsvMode.Escape : CsvMode.RFC4180,
        };
        var rows = new List<(int LineStart, int LineEnd, string[] Cells)>();
        try
        {
            using var reader = new StringReader(text);
            using var parser = new CsvParser(reader, config);
            int previousEnd = 0;
            while (parser.Read())
            {
                var record = parser.Record ?? [];
                int end = parser.RawRow;
                var cells = record.Select(c => _cleaner.Clean(c)).ToArray();
                if (cells.Any(c => c.Length > 0)) rows.Add((previousEnd + 1, Math.Max(previousEnd + 1, end), cells));
                previousEnd = end;
            }
        }
        catch (CsvHelperException ex)
        {
            throw new TailorException($"{sourceName}: not readable as {(tsv ? "TSV" : "CSV")} ({ex.Message.Split('\n')[0]}); fix the quoting or exclude it with --exclude");
        }
        if (rows.Count == 0) return ExtractionResult.EmptyFile();

        int width = rows.Max(r => r.Cells.Length);
        bool hasHeader = LooksLikeHeader(rows[0].Cells, rows.Count > 1 ? rows[1].Cells : null);
        string header = hasHeader
            ? string.Join(" | ", rows[0].Cells)
            : string.Join(" | ", Enumerable.Range(1, width).Select(i => "column " + i.ToString(CultureInfo.InvariantCulture)));
        int first = hasHeader ? 1 : 0;
        var blocks = new List<Block>();
        if (first >= rows.Count)
        {
            blocks.Add(new Block(BlockKind.Table, header, 0, rows[0].LineStart, rows[0].LineEnd));
        }
        for (int start = first; start < rows.Count; start += RowsPerBlock)
        {
            int end = Math.Min(rows.Count, start + RowsPerBlock);
            var lines = new List<string> { header };
            for (int r = start; r < end; r++) lines.Add(string.Join(" | ", rows[r].Cells));
            blocks.Add(new Block(BlockKind.Table, string.Join("\n", lines), 0, rows[start].LineStart, rows[end - 1].LineEnd, TableHeader: header));
        }
        var metadata = new Dictionary<string, string>
        {
            ["header"] = hasHeader ? "first row" : "none",
            ["columns"] = hasHeader ? string.Join(",", rows[0].Cells) : width.ToString(CultureInfo.InvariantCulture),
            ["rows"] = (rows.Count - first).ToString(CultureInfo.InvariantCulture),
        };
        return ExtractionResult.Of(new ExtractedDocument(null, "", blocks, tsv ? "tsv" : "csv") { Metadata = metadata });
    }

    /// <summary>
    /// A first row is a header when all its cells are filled, distinct and not numbers or dates,
    /// and (when there is a second row) it is not just another row of the same kind of words: some
    /// column of the second row holds a number or date, or the rows differ in width.
    /// </summary>
    internal static bool LooksLikeHeader(string[] first, string[]? second)
    {
        if (first.Length == 0 || first.Any(c => c.Length == 0 || IsValue(c))) return false;
        if (first.Distinct(StringComparer.OrdinalIgnoreCase).Count() != first.Length) return false;
        if (second is null) return true;
        if (second.Any(IsValue)) return true;
        // all words on both rows: a header names its columns with short labels
        return first.All(c => c.Length <= 40) && first.Average(c => c.Length) <= second.Average(c => c.Length);
    }

    private static bool IsValue(string cell) =>
        double.TryParse(cell.TrimStart('$', '€', '£').TrimEnd('%'), NumberStyles.Any, CultureInfo.InvariantCulture, out _)
        || DateTime.TryParse(cell, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
}
