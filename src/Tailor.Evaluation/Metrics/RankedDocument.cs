namespace Tailor.Evaluation.Metrics;

/// <summary>A document in a ranking, with the score that placed it (its best chunk's score).</summary>
public readonly record struct RankedDocument(string DocumentId, double Score);
