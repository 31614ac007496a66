namespace Tailor.Vectors;

/// <summary>
/// One nearest-neighbour result: the caller's id and its score (higher is better: cosine or dot
/// similarity, or the negated squared Euclidean distance for <see cref="VectorMetric.L2"/>).
/// </summary>
public readonly record struct VectorHit(long Id, float Score);
