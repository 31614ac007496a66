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
        var result = new List<PdfLine>();
        var current = new List<Word>();
        double baseline = double.NaN, previousBottom = double.NaN;
        foreach (var word in words)
        {
            double height = Math.Max(1, word.BoundingBox.Height);
            if (current.Count > 0 && Math.Abs(word.BoundingBox.Bottom - baseline) > height * 0.5)
            {
                previousBottom = Flush(page.Number, current, previousBottom, result);
                current.Clear();
            }
            if (current.Count == 0) baseline = word.BoundingBox.Bottom;
            current.Add(word);
        }
        if (current.Count > 0) Flush(page.Number, current, previousBottom, result);
        return result;
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
