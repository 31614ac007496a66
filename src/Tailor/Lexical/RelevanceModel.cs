namespace Tailor.Lexical;

/// <summary>
/// RM3 query expansion: P(t|R) = Σ over feedback chunks of score(D) · tf(t,D)/|D|, keeping the
/// strongest terms, normalized to sum 1 and interpolated with the normalized original query.
/// </summary>
internal static class RelevanceModel
{
    /// <summary>Terms in more than this fraction of all chunks are not used for expansion (they carry little evidence).</summary>
    private const double MaxDocumentFrequencyRatio = 0.1;

    public static (int[] Ids, float[] Weights) Expand(LexicalIndex index, int[] ids, float[] weights, IReadOnlyList<LexicalHit> feedback, FeedbackOptions options)
    {
        var model = new Dictionary<int, double>();
        int maxDf = (int)Math.Max(1, index.Count * MaxDocumentFrequencyRatio);
        foreach (var hit in feedback)
        {
            int ord = index.OrdinalOf(hit.ChunkId);
            if (ord < 0) continue;
            int length = index.LengthAt(ord);
            if (length <= 0) continue;
            double scale = hit.Score / length;
            var (fwd, pos, end) = index.ForwardRange(ord);
            while (pos < end)
            {
                int id = (int)Varint.ReadUInt32(fwd, ref pos);
                int tf = (int)Varint.ReadUInt32(fwd, ref pos);
                if (index.DocumentFrequency(id) > maxDf || index.TermAt(id).Length < 2) continue;
                model[id] = model.GetValueOrDefault(id) + scale * tf;
            }
        }

        var top = new List<KeyValuePair<int, double>>(model);
        top.Sort((a, b) => b.Value != a.Value ? b.Value.CompareTo(a.Value) : a.Key.CompareTo(b.Key));
        if (top.Count > options.Terms) top.RemoveRange(options.Terms, top.Count - options.Terms);
        double modelSum = 0;
        foreach (var pair in top) modelSum += pair.Value;

        double querySum = 0;
        foreach (float w in weights) querySum += w;
        double alpha = options.OriginalQueryWeight;
        var combined = new Dictionary<int, double>();
        for (int i = 0; i < ids.Length; i++) combined[ids[i]] = alpha * weights[i] / querySum;
        if (modelSum > 0)
        {
            foreach (var pair in top) combined[pair.Key] = combined.GetValueOrDefault(pair.Key) + (1 - alpha) * pair.Value / modelSum;
        }

        var outIds = new int[combined.Count];
        var outWeights = new float[combined.Count];
        int n = 0;
        foreach (var pair in combined)
        {
            outIds[n] = pair.Key;
            outWeights[n++] = (float)pair.Value;
        }
        return (outIds, outWeights);
    }
}
