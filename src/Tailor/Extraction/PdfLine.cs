using System.Text;
using UglyToad.PdfPig.Content;

namespace Tailor.Extraction;

/// <summary>One line of a PDF page: its words left to right, grouped into cells where wide gaps separate them.</summary>
internal sealed record PdfLine(int Page, string Text, IReadOnlyList<string> Cells, double FontSize, double Height, double GapAbove)
{
    /// <summary>A gap between words wider than this many times the font size separates table cells.</summary>
    private const double CellGap = 1.6;

    public static List<PdfLine> Group(Page page)
    {
        var words = page.GetWords().Where(w => !string.IsNullOrWhiteSpace(w.Text)).OrderByDescending(w => w.BoundingBox.Bottom).ThenBy(w => w.BoundingBox.Left).ToList();
        var rows = new List<List<Word>>();
        var current = new List<Word>();
        double baseline = double.NaN;
        foreach (var word in words)
        {
            double height = Math.Max(1, word.BoundingBox.Height);
            if (current.Count > 0 && Math.Abs(word.BoundingBox.Bottom - baseline) > height * 0.5)
            {
                rows.Add(current);
                current = [];
            }
            if (current.Count == 0) baseline = word.BoundingBox.Bottom;
            current.Add(word);
        }
        if (current.Count > 0) rows.Add(current);

        var result = new List<PdfLine>();
        double previousBottom = double.NaN;
        foreach (var row in InReadingOrder(rows)) previousBottom = Flush(page.Number, row, previousBottom, result);
        return result;
    }

    /// <summary>Rows of a two-column page need this many words on each side of the gutter (table cells are shorter).</summary>
    private const int ColumnWords = 4;

    /// <summary>
    /// Rows in reading order. On a page set in two columns (most rows split by one wide gap at the same place, with
    /// running text on both sides) the left column is read to its end before the right one; rows above the columns
    /// that span them (a title) come first. Any other page, tables included, is read row by row as laid out.
    /// </summary>
    private static List<List<Word>> InReadingOrder(List<List<Word>> rows)
    {
        var splits = new List<(int Row, double Gutter)>();
        for (int r = 0; r < rows.Count; r++)
        {
            var row = rows[r].OrderBy(w => w.BoundingBox.Left).ToList();
            double size = Math.Max(1, row.Average(w => w.BoundingBox.Height));
            int cut = -1;
            for (int i = 1; i < row.Count; i++)
            {
                if (row[i].BoundingBox.Left - row[i - 1].BoundingBox.Right <= size * CellGap) continue;
                if (cut >= 0) { cut = -2; break; } // more than one wide gap: a table row
                cut = i;
            }
            if (cut > 0 && cut >= ColumnWords && row.Count - cut >= ColumnWords)
                splits.Add((r, (row[cut - 1].BoundingBox.Right + row[cut].BoundingBox.Left) / 2));
        }
        if (splits.Count < 3 || splits.Count * 2 < rows.Count) return rows;
        var gutters = splits.Select(s => s.Gutter).Order().ToList();
        double gutter = gutters[gutters.Count / 2];
        int agree = splits.Count(s => Math.Abs(s.Gutter - gutter) < 24);
        if (agree * 10 < splits.Count * 8) return rows;

        int first = splits[0].Row;
        var ordered = new List<List<Word>>(rows.Take(first));
        var left = new List<List<Word>>();
        var right = new List<List<Word>>();
        for (int r = first; r < rows.Count; r++)
        {
            var l = rows[r].Where(w => w.BoundingBox.Right <= gutter).ToList();
            var rt = rows[r].Where(w => w.BoundingBox.Right > gutter).ToList();
            if (l.Count > 0) left.Add(l);
            if (rt.Count > 0) right.Add(rt);
        }
        ordered.AddRange(left);
        ordered.AddRange(right);
        return ordered;
    }

    private static double Flush(int page, List<Word> words, double previousBottom, List<PdfLine> into)
    {
        words.Sort((a, b) => a.BoundingBox.Left.CompareTo(b.BoundingBox.Left));
        var sizes = words.SelectMany(w => w.Letters).Select(l => l.PointSize > 0 ? l.PointSize : l.FontSize).Order().ToList();
        double size = sizes.Count > 0 ? sizes[sizes.Count / 2] : 10;
        var cells = new List<string>();
        var cell = new StringBuilder();
        var text = new StringBuilder();
        for (int i = 0; i < words.Count; i++)
        {
            if (i > 0)
            {
                double gap = words[i].BoundingBox.Left - words[i - 1].BoundingBox.Right;
                if (gap > size * CellGap)
                {
                    cells.Add(cell.ToString());
                    cell.Clear();
                }
                else cell.Append(' ');
                text.Append(' ');
            }
            cell.Append(words[i].Text);
            text.Append(words[i].Text);
        }
        cells.Add(cell.ToString());
        double top = words.Max(w => w.BoundingBox.Top);
        double bottom = words.Min(w => w.BoundingBox.Bottom);
        double height = Math.Max(1, top - bottom);
        double gapAbove = double.IsNaN(previousBottom) ? 0 : Math.Max(0, previousBottom - top);
        into.Add(new PdfLine(page, text.ToString(), cells.Count >= 2 ? cells : [text.ToString()], size, height, gapAbove));
        return bottom;
    }
}
