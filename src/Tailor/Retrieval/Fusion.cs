namespace Tailor.Retrieval;

/// <summary>
/// Combines ranked lists (lexical, vector, …) into one ranking. Input lists are best first; an id
/// appears at most once per list (later repeats are ignored). Results are ordered by fused score,
/// ties broken by lower id, so fusion is deterministic.
/// </summary>
public static class Fusion
{
    /// <summary>The customary RRF constant.</summary>
    public const int DefaultRrfK = 60;

    /// <summary>
    /// Reciprocal rank fusion (Cormack et al. 2009): <c>score(d) = Σ_lists 1 / (k + rank(d))</c> with
    /// 1-based ranks; scores of the inputs are ignored.
    /// </summary>
    public static IReadOnlyList<FusionHit> Reciprocal(IReadOnlyList<IReadOnlyList<FusionItem>> lists, int k = DefaultRrfK) =>
        Reciprocal(lists, k, null);

    /// <summary>
    /// Weighted reciprocal rank fusion: <c>score(d) = Σ_lists weight_l / (k + rank_l(d))</c>; null weights are all 1.
    /// </summary>
    public static IReadOnlyList<FusionHit> Reciprocal(IReadOnlyList<IReadOnlyList<FusionItem>> lists, int k, IReadOnlyList<double>? weights)
    {
        ArgumentNullException.ThrowIfNull(lists);
        if (k < 0) throw new TailorException($"The RRF constant k is {k}; use 0 or more (customary 60).");
        CheckWeights(lists, weights, "Reciprocal rank");
        var state = new Accumulator(lists);
        for (int l = 0; l < lists.Count; l++)
        {
            var list = lists[l];
            for (int r = 0; r < list.Count; r++)
            {
                int slot = state.Slot(list[r].Id);
                if (state.Ranks[slot][l] != 0) continue;
                state.Ranks[slot][l] = r + 1;
                state.Scores[slot] += (weights?[l] ?? 1.0) / (k + r + 1);
            }
        }
        return state.Sorted();
    }

    /// <summary>
    /// Weighted convex combination of min-max normalized scores: each list's scores are mapped to
    /// [0, 1] (a list whose scores are all equal maps to 1), an id missing from a list gets 0 there,
    /// and <c>score(d) = Σ weight_l · norm_l(d)</c>. Weights must be non-negative, one per list.
    /// </summary>
    public static IReadOnlyList<FusionHit> Convex(IReadOnlyList<IReadOnlyList<FusionItem>> lists, IReadOnlyList<double> weights)
    {
        ArgumentNullException.ThrowIfNull(lists);
        ArgumentNullException.ThrowIfNull(weights);
        CheckWeights(lists, weights, "Convex");
        var state = new Accumulator(lists);
        for (int l = 0; l < lists.Count; l++)
        {
            var list = lists[l];
            if (list.Count == 0) continue;
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            for (int r = 0; r < list.Count; r++)
            {
                double s = list[r].Score;
                if (!double.IsFinite(s)) throw new TailorException($"Convex fusion got a non-finite score {s} for id {list[r].Id} in list {l + 1}; scores must be finite numbers.");
                if (s < min) min = s;
                if (s > max) max = s;
            }
            double range = max - min;
            for (int r = 0; r < list.Count; r++)
            {
                int slot = state.Slot(list[r].Id);
                if (state.Ranks[slot][l] != 0) continue;
                state.Ranks[slot][l] = r + 1;
                double norm = range > 0 ? (list[r].Score - min) / range : 1.0;
                state.Scores[slot] += weights[l] * norm;
            }
        }
        return state.Sorted();
    }

    /// <summary>Convex fusion of a lexical and a vector list: <c>lexicalWeight · lexical + (1 − lexicalWeight) · vector</c>.</summary>
    public static IReadOnlyList<FusionHit> Convex(IReadOnlyList<FusionItem> lexical, IReadOnlyList<FusionItem> vector, double lexicalWeight = 0.5)
    {
        if (!double.IsFinite(lexicalWeight) || lexicalWeight < 0 || lexicalWeight > 1)
            throw new TailorException($"The lexical weight is {lexicalWeight}; use a value from 0 to 1 (0.5 weighs both equally).");
        return Convex([lexical, vector], [lexicalWeight, 1 - lexicalWeight]);
    }

    private static void CheckWeights(IReadOnlyList<IReadOnlyList<FusionItem>> lists, IReadOnlyList<double>? weights, string method)
    {
        if (weights is null) return;
        if (weights.Count != lists.Count) throw new TailorException($"{method} fusion got {lists.Count} lists but {weights.Count} weights; give one weight per list.");
        foreach (double w in weights)
        {
            if (!double.IsFinite(w) || w < 0) throw new TailorException($"{method} fusion weight {w} is invalid; use finite weights of 0 or more.");
        }
    }

    /// <summary>Fuses a lexical and a vector ranking as <paramref name="options"/> say (method, RRF k, lexical weight).</summary>
    public static IReadOnlyList<FusionHit> Fuse(IReadOnlyList<FusionItem> lexical, IReadOnlyList<FusionItem> vector, FusionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options.Method == FusionMethod.Convex
            ? Convex(lexical, vector, options.LexicalWeight)
            : Reciprocal([lexical, vector], options.RrfK);
    }

    private sealed class Accumulator
    {
        private readonly Dictionary<long, int> _slots;
        private readonly int _lists;

        public Accumulator(IReadOnlyList<IReadOnlyList<FusionItem>> lists)
        {
            int capacity = 0;
            foreach (var list in lists)
            {
                ArgumentNullException.ThrowIfNull(list);
                capacity += list.Count;
            }
            _lists = lists.Count;
            _slots = new Dictionary<long, int>(capacity);
            Ids = new List<long>(capacity);
            Scores = new List<double>(capacity);
            Ranks = new List<int[]>(capacity);
        }

        public List<long> Ids { get; }

        public List<double> Scores { get; }

        public List<int[]> Ranks { get; }

        public int Slot(long id)
        {
            if (_slots.TryGetValue(id, out int slot)) return slot;
            slot = Ids.Count;
            _slots.Add(id, slot);
            Ids.Add(id);
            Scores.Add(0);
            Ranks.Add(new int[_lists]);
            return slot;
        }

        public IReadOnlyList<FusionHit> Sorted()
        {
            var hits = new FusionHit[Ids.Count];
            for (int i = 0; i < hits.Length; i++) hits[i] = new FusionHit(Ids[i], Scores[i], Ranks[i]);
            Array.Sort(hits, static (a, b) =>
            {
                int c = b.Score.CompareTo(a.Score);
                return c != 0 ? c : a.Id.CompareTo(b.Id);
            });
            return hits;
        }
    }
}
