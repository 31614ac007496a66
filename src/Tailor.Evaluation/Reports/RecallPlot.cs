using System.Globalization;
using System.Net;
using System.Text;
using Tailor.Evaluation.Runs;

namespace Tailor.Evaluation.Reports;

/// <summary>
/// An inline SVG line plot of Recall@k against k (log-scaled x axis) with one line per evaluated
/// mode, axes with ticks and labels, and a legend. Self-contained: no scripts, fonts or links.
/// </summary>
public static class RecallPlot
{
    /// <summary>Line colours, one per mode in order (colour-blind safe).</summary>
    public static readonly IReadOnlyList<string> Colors = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00"];

    private const int Width = 680, Height = 380, Left = 64, Right = 150, Top = 24, Bottom = 52;

    /// <summary>The plot as an <c>&lt;svg&gt;</c> element.</summary>
    public static string Render(IReadOnlyList<ModeEvaluation> modes)
    {
        ArgumentNullException.ThrowIfNull(modes);
        var ks = new SortedSet<int>();
        foreach (var mode in modes)
        {
            if (!mode.Succeeded) continue;
            foreach (int k in mode.Cutoffs)
            {
                if (IsCurveCutoff(k)) ks.Add(k);
            }
        }
        int maxK = ks.Count > 0 ? ks.Max : 100;
        double plotW = Width - Left - Right, plotH = Height - Top - Bottom;
        double logMax = Math.Log10(Math.Max(maxK, 2));
        double X(int k) => Left + plotW * Math.Log10(k) / logMax;
        double Y(double r) => Top + plotH * (1 - r);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"recall-plot\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"Recall at k for each mode\">");
        svg.Append("<title>Recall@k against k</title>");
        svg.Append("<rect x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");

        // Grid and y axis ticks.
        for (int i = 0; i <= 10; i += 2)
        {
            double r = i / 10.0, y = Y(r);
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{Left}\" y1=\"{y:0.##}\" x2=\"{Left + plotW:0.##}\" y2=\"{y:0.##}\" stroke=\"#e3e3e3\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 8}\" y=\"{y + 4:0.##}\" text-anchor=\"end\" font-size=\"12\" fill=\"#333\">{r:0.0}</text>");
        }
        foreach (int k in ks)
        {
            double x = X(k);
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{x:0.##}\" y1=\"{Top}\" x2=\"{x:0.##}\" y2=\"{Top + plotH:0.##}\" stroke=\"#f0f0f0\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x:0.##}\" y=\"{Top + plotH + 18:0.##}\" text-anchor=\"middle\" font-size=\"12\" fill=\"#333\">{k}</text>");
        }

        // Axes and labels.
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{Left}\" y1=\"{Top + plotH:0.##}\" x2=\"{Left + plotW:0.##}\" y2=\"{Top + plotH:0.##}\" stroke=\"#333\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Top + plotH:0.##}\" stroke=\"#333\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis-label\" x=\"{Left + plotW / 2:0.##}\" y=\"{Height - 12}\" text-anchor=\"middle\" font-size=\"13\" fill=\"#111\">k (documents retrieved, log scale)</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis-label\" x=\"16\" y=\"{Top + plotH / 2:0.##}\" text-anchor=\"middle\" font-size=\"13\" fill=\"#111\" transform=\"rotate(-90 16 {Top + plotH / 2:0.##})\">Recall@k</text>");

        // One line per mode, then the legend.
        int index = 0;
        var legend = new StringBuilder();
        foreach (var mode in modes)
        {
            if (!mode.Succeeded) continue;
            string color = Colors[index % Colors.Count];
            var points = new StringBuilder();
            var dots = new StringBuilder();
            foreach (int k in ks)
            {
                if (!mode.Recall.TryGetValue(k, out double r)) continue;
                if (points.Length > 0) points.Append(' ');
                points.Append(CultureInfo.InvariantCulture, $"{X(k):0.##},{Y(r):0.##}");
                dots.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{X(k):0.##}\" cy=\"{Y(r):0.##}\" r=\"3\" fill=\"{color}\"><title>{Escape(mode.Name)} recall@{k} = {r:0.000}</title></circle>");
            }
            svg.Append(CultureInfo.InvariantCulture, $"<polyline class=\"series\" data-mode=\"{Escape(mode.Name)}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2.5\" points=\"{points}\"/>");
            svg.Append(dots);
            double ly = Top + 10 + index * 22, lx = Left + plotW + 18;
            legend.Append(CultureInfo.InvariantCulture, $"<g class=\"legend-item\"><line x1=\"{lx:0.##}\" y1=\"{ly:0.##}\" x2=\"{lx + 24:0.##}\" y2=\"{ly:0.##}\" stroke=\"{color}\" stroke-width=\"3\"/>");
            legend.Append(CultureInfo.InvariantCulture, $"<text x=\"{lx + 32:0.##}\" y=\"{ly + 4:0.##}\" font-size=\"13\" fill=\"#111\">{Escape(mode.Name)}</text></g>");
            index++;
        }
        svg.Append("<g class=\"legend\">").Append(legend).Append("</g>");
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static bool IsCurveCutoff(int k)
    {
        foreach (int c in EvaluationOptions.CurveCutoffs)
        {
            if (c == k) return true;
        }
        return false;
    }

    private static string Escape(string s) => WebUtility.HtmlEncode(s);
}
