using System.Globalization;

namespace Tailor.FineTuning.ModelEvaluation;

/// <summary>
/// Turns measured results into a plain recommendation: the best model and variant by the report's
/// metric, tested against the runner-up with a sign test on the items both answered; when the two
/// cannot be told apart (p ≥ 0.05) it says so and points at the cheaper one, never a guess.
/// </summary>
public static class Recommender
{
    public const double Alpha = 0.05;

    public static Recommendation Recommend(IReadOnlyList<VariantResult> results, IReadOnlyList<ItemOutcome> items, string metric)
    {
        var inv = CultureInfo.InvariantCulture;
        var measured = results.Where(r => r.Answered > 0).OrderByDescending(r => r.Score).ThenBy(r => r.CostPer1000 ?? decimal.MaxValue).ToList();
        if (measured.Count == 0)
        {
            var first = results[0];
            return new Recommendation
            {
                Text = "No answer was received, so nothing can be recommended; see the failed items for the server's errors.",
                Metric = metric, BestModel = first.Model, BestVariant = first.Variant,
            };
        }
        var best = measured[0];
        string Name(VariantResult r) => $"{r.Model} {r.Variant}";
        string Cost(VariantResult r) => r.CostPer1000 is { } c ? string.Create(inv, $"${c:0.####} per 1,000 requests") : "cost unknown (no price for the model; add one with --prices)";
        string Score(VariantResult r) => string.Create(inv, $"{metric} {r.Score:0.###}");
        var costs = string.Join("; ", measured.Select(r => $"{Name(r)}: {Cost(r)}"));
        if (measured.Count == 1)
        {
            return new Recommendation
            {
                Text = $"Only {Name(best)} was measured ({Score(best)}); it costs {Cost(best)}. Add --model or --variant to compare.",
                Metric = metric, BestModel = best.Model, BestVariant = best.Variant,
            };
        }
        var runnerUp = measured[1];
        var (better, worse) = Compare(items, best, runnerUp);
        double p = SignTest.PValue(better, worse);
        bool noise = p >= Alpha;
        string test = string.Create(inv, $"sign test on the items both answered: better on {better}, worse on {worse}, p = {p:0.###}");
        string text;
        if (!noise)
        {
            text = $"Use {Name(best)}: {Score(best)} against {runnerUp.Score.ToString("0.###", inv)} for {Name(runnerUp)}, the next best ({test}). Costs: {costs}.";
        }
        else
        {
            var cheaper = new[] { best, runnerUp }.Where(r => r.CostPer1000 != null).OrderBy(r => r.CostPer1000).FirstOrDefault();
            string choice = cheaper is null ? "Neither has a known price; choose on cost or latency." : $"Prefer the cheaper, {Name(cheaper)}, or add test examples to tell them apart.";
            text = $"{Name(best)} ({Score(best)}) and {Name(runnerUp)} ({runnerUp.Score.ToString("0.###", inv)}) are within noise on these items ({test}). {choice} Costs: {costs}.";
        }
        var comparisons = measured.Skip(1).Select(other =>
        {
            var (b, w) = Compare(items, best, other);
            double pv = SignTest.PValue(b, w);
            return new Comparison(other.Model, other.Variant, b, w, Math.Round(pv, 6), pv >= Alpha);
        }).ToList();
        if (comparisons.Count > 1)
        {
            text += " Against each: " + string.Join("; ", comparisons.Select(c =>
                string.Create(inv, $"{c.Model} {c.Variant} better on {c.Better}, worse on {c.Worse}, p = {c.PValue:0.###}{(c.WithinNoise ? " (within noise)" : "")}"))) + ".";
        }
        return new Recommendation
        {
            Comparisons = comparisons,
            Text = text, Metric = metric, BestModel = best.Model, BestVariant = best.Variant,
            RunnerUpModel = runnerUp.Model, RunnerUpVariant = runnerUp.Variant, Better = better, Worse = worse, PValue = Math.Round(p, 6), WithinNoise = noise,
        };
    }

    private static (int Better, int Worse) Compare(IReadOnlyList<ItemOutcome> items, VariantResult a, VariantResult b)
    {
        var other = items.Where(o => o.Model == b.Model && o.Variant == b.Variant && !o.Failed).ToDictionary(o => (o.Line, o.Question), o => o.Primary);
        int better = 0, worse = 0;
        foreach (var o in items.Where(o => o.Model == a.Model && o.Variant == a.Variant && !o.Failed))
        {
            if (!other.TryGetValue((o.Line, o.Question), out var score)) continue;
            if (o.Primary > score + 1e-9) better++;
            else if (o.Primary < score - 1e-9) worse++;
        }
        return (better, worse);
    }
}
