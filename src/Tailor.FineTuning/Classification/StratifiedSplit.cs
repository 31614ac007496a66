namespace Tailor.FineTuning.Classification;

/// <summary>Carves a seeded, stratified share of examples out of a list: each label gives up round(share × its count) examples (at least one when it has two or more).</summary>
public static class StratifiedSplit
{
    /// <summary>Returns (kept, heldOut), each in the original order.</summary>
    public static (List<LabeledText> Kept, List<LabeledText> HeldOut) Split(IReadOnlyList<LabeledText> examples, double share, int seed)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var byLabel = new SortedDictionary<string, List<int>>(StringComparer.Ordinal);
        for (int i = 0; i < examples.Count; i++)
        {
            if (!byLabel.TryGetValue(examples[i].Label, out var list)) byLabel[examples[i].Label] = list = [];
            list.Add(i);
        }
        var rng = new Random(seed);
        var heldOut = new bool[examples.Count];
        foreach (var (_, indices) in byLabel)
        {
            var shuffled = indices.ToArray();
            rng.Shuffle(shuffled);
            int take = (int)Math.Round(share * shuffled.Length, MidpointRounding.AwayFromZero);
            if (take == 0 && shuffled.Length >= 2) take = 1;
            if (take >= shuffled.Length) take = shuffled.Length - 1;
            for (int k = 0; k < take; k++) heldOut[shuffled[k]] = true;
        }
        var kept = new List<LabeledText>();
        var held = new List<LabeledText>();
        for (int i = 0; i < examples.Count; i++) (heldOut[i] ? held : kept).Add(examples[i]);
        return (kept, held);
    }
}
