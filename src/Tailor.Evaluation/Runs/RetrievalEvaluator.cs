using System.Diagnostics;
using Tailor.Evaluation.Datasets;
using Tailor.Evaluation.Metrics;
using Tailor.Retrieval;

namespace Tailor.Evaluation.Runs;

/// <summary>
/// Runs every judged query of a dataset through a search function in one mode, collapses chunk hits
/// to documents (best chunk's score, trec_eval order) and averages the metrics over the judged
/// queries; a query that retrieves nothing relevant contributes 0. Latency is a Stopwatch around each
/// search, after one untimed warm-up search. If the warm-up search throws <see cref="TailorException"/>
/// (a mode the engine does not offer), the mode is returned with <see cref="ModeEvaluation.Error"/> set.
/// </summary>
public static class RetrievalEvaluator
{
    public static async Task<ModeEvaluation> EvaluateAsync(
        BeirDataset dataset,
        SearchMode mode,
        Func<string, SearchOptions, CancellationToken, Task<SearchResult>> search,
        EvaluationOptions? options = null,
        IProgress<string>? progress = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(search);
        options ??= new EvaluationOptions();
        options.Validate();
        var searchOptions = new SearchOptions { K = options.Depth, Mode = mode };
        string name = mode.ToString().ToLowerInvariant();
        var queries = dataset.JudgedQueries;

        try
        {
            await search(queries[0].Text, searchOptions, ct).ConfigureAwait(false);
        }
        catch (TailorException ex)
        {
            return new ModeEvaluation { Mode = mode, Error = ex.Message };
        }

        var cutoffs = options.AllCutoffs();
        var ndcg = new double[cutoffs.Count];
        var recall = new double[cutoffs.Count];
        var mrr = new double[cutoffs.Count];
        var precision = new double[cutoffs.Count];
        double map = 0;
        var latencies = new double[queries.Count];
        var perQuery = new List<QueryEvaluation>(queries.Count);
        var clock = new Stopwatch();
        int step = Math.Max(1, queries.Count / 10);

        for (int q = 0; q < queries.Count; q++)
        {
            ct.ThrowIfCancellationRequested();
            var query = queries[q];
            var judgments = dataset.Judgments[query.Id];
            clock.Restart();
            var result = await search(query.Text, searchOptions, ct).ConfigureAwait(false);
            clock.Stop();
            latencies[q] = clock.Elapsed.TotalMilliseconds;

            var ranking = DocumentRanking.Ids(DocumentRanking.FromHits(result.Hits));
            for (int c = 0; c < cutoffs.Count; c++)
            {
                int k = cutoffs[c];
                ndcg[c] += RankingMetrics.NdcgAt(ranking, judgments, k);
                recall[c] += RankingMetrics.RecallAt(ranking, judgments, k);
                mrr[c] += RankingMetrics.ReciprocalRankAt(ranking, judgments, k);
                precision[c] += RankingMetrics.PrecisionAt(ranking, judgments, k);
            }
            double ap = RankingMetrics.AveragePrecision(ranking, judgments);
            map += ap;
            perQuery.Add(new QueryEvaluation(query.Id, judgments.RelevantCount, ranking.Length,
                RankingMetrics.NdcgAt(ranking, judgments, 10), RankingMetrics.RecallAt(ranking, judgments, 100), ap, latencies[q]));
            if ((q + 1) % step == 0 || q + 1 == queries.Count) progress?.Report($"{name}: {q + 1}/{queries.Count} queries");
        }

        double n = queries.Count;
        return new ModeEvaluation
        {
            Mode = mode,
            Cutoffs = cutoffs,
            Ndcg = Means(cutoffs, ndcg, n),
            Recall = Means(cutoffs, recall, n),
            Mrr = Means(cutoffs, mrr, n),
            Precision = Means(cutoffs, precision, n),
            Map = map / n,
            QueryMsP50 = Percentile.Of(latencies, 50),
            QueryMsP99 = Percentile.Of(latencies, 99),
            Queries = perQuery,
        };
    }

    private static Dictionary<int, double> Means(IReadOnlyList<int> cutoffs, double[] sums, double n)
    {
        var means = new Dictionary<int, double>(cutoffs.Count);
        for (int c = 0; c < cutoffs.Count; c++) means[cutoffs[c]] = sums[c] / n;
        return means;
    }
}
