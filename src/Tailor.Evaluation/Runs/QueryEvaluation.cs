namespace Tailor.Evaluation.Runs;

/// <summary>The figures of one judged query in one mode.</summary>
/// <param name="QueryId">The query's <c>_id</c>.</param>
/// <param name="Relevant">Documents judged relevant for the query.</param>
/// <param name="Retrieved">Distinct documents retrieved.</param>
/// <param name="Ndcg10">nDCG@10.</param>
/// <param name="Recall100">Recall@100.</param>
/// <param name="AveragePrecision">Average precision over the whole ranking.</param>
/// <param name="Milliseconds">Time the search took.</param>
public sealed record QueryEvaluation(string QueryId, int Relevant, int Retrieved, double Ndcg10, double Recall100, double AveragePrecision, double Milliseconds);
