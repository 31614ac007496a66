namespace Tailor.Vectors;

/// <summary>How two vectors are compared. Scores are always "higher is better".</summary>
public enum VectorMetric
{
    /// <summary>Cosine similarity: vectors are L2-normalized when added, then compared by dot product.</summary>
    Cosine = 0,

    /// <summary>Raw inner product.</summary>
    Dot = 1,

    /// <summary>Euclidean distance; the score is the negated squared distance.</summary>
    L2 = 2,
}
