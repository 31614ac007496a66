namespace Tailor.Retrieval;

/// <summary>
/// The optional last retrieval stage: the top fused hits are scored by an <see cref="IReranker"/> and
/// re-ordered by that score (ties keep the fused order). Each hit's score becomes the rerank score;
/// its explanation keeps the fused score and adds the rerank score.
/// </summary>
public static class Reranking
{
    /// <summary>The text a reranker sees for a hit: its title and section path, then the chunk.</summary>
    public static string PassageOf(Hit hit)
    {
        var heading = hit.Section.Length > 0 ? hit.Section : hit.Title;
        return heading.Length > 0 ? heading + "\n" + hit.Text : hit.Text;
    }

    /// <summary>Reranks <paramref name="hits"/> (the top fused ones) and returns the best <paramref name="k"/>.</summary>
    public static async Task<IReadOnlyList<Hit>> ApplyAsync(IReranker reranker, string query, IReadOnlyList<Hit> hits, int k, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reranker);
        ArgumentNullException.ThrowIfNull(hits);
        if (hits.Count == 0) return hits;
        var scores = await reranker.ScoreAsync(query, hits.Select(PassageOf).ToList(), cancellationToken).ConfigureAwait(false);
        if (scores.Count != hits.Count)
            throw new TailorException($"the reranker {reranker.Name} returned {scores.Count} scores for {hits.Count} passages; check that the rerank server speaks the configured format (TAILOR_RERANK_FORMAT).");
        return hits
            .Select((h, i) => (Hit: h, Score: scores[i], Order: i))
            .OrderByDescending(x => x.Score).ThenBy(x => x.Order)
            .Take(k)
            .Select(x => x.Hit with
            {
                Score = x.Score,
                Explanation = (x.Hit.Explanation ?? new HitExplanation(SearchMode.Hybrid, 0, 0, x.Hit.Score)) with { RerankScore = x.Score, FusedRank = x.Order + 1 },
            })
            .ToList();
    }
}
