using Tailor.Retrieval;

namespace Tailor.Evaluation.Metrics;

/// <summary>
/// Turns chunk hits into a document ranking the way trec_eval reads a run: one entry per document
/// (a document's score is its best chunk's), sorted by score descending, ties broken by document
/// id descending (ordinal comparison, as trec_eval's <c>strcmp</c> on docno).
/// </summary>
public static class DocumentRanking
{
    /// <summary>Collapses chunk hits to documents and sorts them in trec_eval order.</summary>
    public static List<RankedDocument> FromHits(IReadOnlyList<Hit> hits)
    {
        ArgumentNullException.ThrowIfNull(hits);
        var best = new Dictionary<string, double>(hits.Count, StringComparer.Ordinal);
        for (int i = 0; i < hits.Count; i++)
        {
            var hit = hits[i];
            if (!best.TryGetValue(hit.DocumentId, out double score) || hit.Score > score) best[hit.DocumentId] = hit.Score;
        }
        var ranking = new List<RankedDocument>(best.Count);
        foreach (var (id, score) in best) ranking.Add(new RankedDocument(id, score));
        SortTrecOrder(ranking);
        return ranking;
    }

    /// <summary>Sorts in place: score descending, then document id descending (ordinal).</summary>
    public static void SortTrecOrder(List<RankedDocument> ranking)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        ranking.Sort(static (a, b) =>
        {
            int byScore = b.Score.CompareTo(a.Score);
            return byScore != 0 ? byScore : string.CompareOrdinal(b.DocumentId, a.DocumentId);
        });
    }

    /// <summary>The document ids of a ranking, in order.</summary>
    public static string[] Ids(IReadOnlyList<RankedDocument> ranking)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        var ids = new string[ranking.Count];
        for (int i = 0; i < ids.Length; i++) ids[i] = ranking[i].DocumentId;
        return ids;
    }
}
