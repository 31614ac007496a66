namespace Tailor.Retrieval;

/// <summary>
/// The last step of hybrid search: ONE lexical ranking (BM25 for the query as typed, the list
/// <c>--mode lexical</c> shows) and ONE vector ranking fused as <see cref="FusionOptions"/> say
/// (equal-weight RRF by default), exact ties going to the better lexical rank. With two equally
/// weighted lists a chunk both sides rank r-th (r ≤ 61 at k = 60) beats every chunk that only one side
/// ranks, even first, so what both sides agree on stays on top. Each hit is explained by its rank in
/// the two lists, so its lexical rank is the rank <c>--mode lexical</c> gives it.
/// </summary>
internal static class HybridRanking
{
    /// <summary>The best <paramref name="k"/> of the fused lexical and vector rankings (each best first), with their explanations.</summary>
    public static List<(long Id, double Score, HitExplanation Why)> Rank(IReadOnlyList<FusionItem> lexical, IReadOnlyList<FusionItem> vector, FusionOptions options, int k)
    {
        var fused = new List<FusionHit>(Fusion.Fuse(lexical, vector, options));
        // On an exact tie (ranks 1+2 vs 2+1), the better lexical rank wins: exact terms such as codes and amounts count.
        fused.Sort(static (a, b) =>
        {
            int c = b.Score.CompareTo(a.Score);
            if (c != 0) return c;
            c = LexicalOrder(a).CompareTo(LexicalOrder(b));
            return c != 0 ? c : a.Id.CompareTo(b.Id);
        });
        var list = new List<(long, double, HitExplanation)>(Math.Min(k, fused.Count));
        for (int i = 0; i < fused.Count && i < k; i++)
        {
            var hit = fused[i];
            list.Add((hit.Id, hit.Score, new HitExplanation(SearchMode.Hybrid, hit.Ranks[0], hit.Ranks[1], hit.Score)));
        }
        return list;

        static int LexicalOrder(FusionHit hit) => hit.Ranks[0] == 0 ? int.MaxValue : hit.Ranks[0];
    }
}
