using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Tailor.Cleaning;

namespace Tailor.Extraction;

/// <summary>
/// Excel workbooks (.xlsx, and .xlsm read as values only: macros are never run) via the Open XML
/// SDK: each sheet a heading and a table whose first non-empty row is the header, repeated in every
/// chunk; cell values as stored (shared and inline strings, numbers, booleans, cached formula results).
/// Rows go out in runs of <see cref="RowsPerBlock"/>, each anchored to its cell range
/// (<c>Sheet1!A1:D26</c>, the first run with the header row, so a link is <c>book.xlsx#Sheet1!A1:D26</c>).
/// </summary>
public sealed class XlsxExtractor : ITextExtractor
{
    /// <summary>Rows per table block, so each chunk's link names a narrow range.</summary>
    public const int RowsPerBlock = 25;

    private readonly TextCleaner _cleaner;

    public XlsxExtractor(TextCleaner? cleaner = null) => _cleaner = cleaner ?? TextCleaner.Default;

    public IReadOnlyList<string> Extensions { get; } = [".xlsx", ".xlsm"];

    public ExtractionResult Extract(ReadOnlyMemory<byte> content, string sourceName)
    {
        if (content.IsEmpty) return ExtractionResult.EmptyFile();
        return OfficePackage.Read(sourceName, "Excel workbook", content, stream =>
        {
            using var document = SpreadsheetDocument.Open(stream, false);
            var workbook = document.WorkbookPart
                ?? throw new TailorException($"{sourceName}: the workbook has no workbook part; re-save it or exclude it with --exclude");
            var shared = workbook.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>().Select(s => s.InnerText).ToArray() ?? [];
            var blocks = new List<Block>();
            var problems = new List<string>();
            foreach (var sheet in workbook.Workbook?.Sheets?.Elements<Sheet>() ?? [])
            {
                string name = sheet.Name?.Value ?? "Sheet";
                if (sheet.Id?.Value is not { } id || workbook.GetPartById(id) is not WorksheetPart part) continue;
                AddSheet(name, part, shared, blocks);
            }
            string title = _cleaner.Clean(document.PackageProperties.Title ?? "");
            var result = ExtractionResult.OfOrNoText(new ExtractedDocument(null, title, blocks, "xlsx"));
            return result.Documents.Count == 0 ? new ExtractionResult([], ["no text found: every sheet is empty"]) : result;
        });
    }

    private void AddSheet(string name, WorksheetPart part, string[] shared, List<Block> blocks)
    {
        var rows = new List<(int Row, SortedDictionary<int, string> Cells)>();
        int minColumn = int.MaxValue, maxColumn = 0;
        foreach (var row in part.Worksheet?.Descendants<Row>() ?? [])
        {
            var cells = new SortedDictionary<int, string>();
            int nextColumn = 1;
            foreach (var cell in row.Elements<Cell>())
            {
                int column = cell.CellReference?.Value is { } reference ? CellReference.Column(reference) : nextColumn;
                nextColumn = column + 1;
                string value = _cleaner.Clean(CellText(cell, shared));
                if (value.Length == 0) continue;
                cells[column] = value;
                minColumn = Math.Min(minColumn, column);
                maxColumn = Math.Max(maxColumn, column);
            }
            if (cells.Count == 0) continue;
            int number = row.RowIndex?.Value is uint index ? (int)index : (rows.Count == 0 ? 1 : rows[^1].Row + 1);
            rows.Add((number, cells));
        }
        if (rows.Count == 0) return;
        string Line(SortedDictionary<int, string> cells)
        {
            var values = new string[maxColumn - minColumn + 1];
            for (int c = minColumn; c <= maxColumn; c++) values[c - minColumn] = cells.GetValueOrDefault(c, "");
            return string.Join(" | ", values);
        }
        string first = CellReference.ColumnName(minColumn), last = CellReference.ColumnName(maxColumn);
        string sheetRef = SheetReference(name);
        string header = Line(rows[0].Cells);
        string Range(int from, int to) => $"{sheetRef}!{first}{rows[from].Row}:{last}{rows[to].Row}";
        // the sheet's heading links where its first rows are; the first run's range takes in the header row
        blocks.Add(new Block(BlockKind.Heading, name, 1, Anchor: Range(0, Math.Min(rows.Count, 1 + RowsPerBlock) - 1)));
        if (rows.Count == 1)
        {
            blocks.Add(new Block(BlockKind.Table, header, Anchor: Range(0, 0)));
            return;
        }
        for (int start = 1; start < rows.Count; start += RowsPerBlock)
        {
            int end = Math.Min(rows.Count, start + RowsPerBlock);
            var lines = new List<string> { header };
            for (int r = start; r < end; r++) lines.Add(Line(rows[r].Cells));
            blocks.Add(new Block(BlockKind.Table, string.Join("\n", lines), Anchor: Range(start == 1 ? 0 : start, end - 1), TableHeader: header));
        }
    }

    /// <summary>A sheet name as a reference writes it: quoted when it holds anything but letters, digits and underscores.</summary>
    private static string SheetReference(string name) =>
        name.All(c => char.IsLetterOrDigit(c) || c == '_') ? name : "'" + name.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string CellText(Cell cell, string[] shared)
    {
        string raw = cell.CellValue?.Text ?? "";
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString)
            return int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out int index) && index >= 0 && index < shared.Length ? shared[index] : "";
        if (type == CellValues.InlineString) return cell.InlineString?.InnerText ?? raw;
        if (type == CellValues.Boolean) return raw == "1" ? "TRUE" : raw == "0" ? "FALSE" : raw;
        return raw;
    }
}
