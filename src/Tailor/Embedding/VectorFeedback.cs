using System.Numerics.Tensors;

namespace Tailor.Embedding;

/// <summary>
/// Pseudo-relevance feedback on the vector side (Rocchio): the query embedding is moved toward the
/// centroid of the embeddings of the top chunks of a first search, typically the lexical (RM3)
/// feedback chunks. Works for any embedder whose vectors are compared by cosine or dot product.
/// </summary>
public static class VectorFeedback
{
    /// <summary>Default number of feedback chunks, the same as lexical RM3's.</summary>
    public const int DefaultDocuments = 10;

    /// <summary>Default weight of the original query.</summary>
    public const double DefaultQueryWeight = 0.5;

    /// <summary>
    /// Returns <c>normalize(queryWeight · q̂ + (1 − queryWeight) · mean(f̂))</c> where ^ is L2 normalization.
    /// With no feedback vectors (or a zero query and no feedback) the normalized query is returned.
    /// </summary>
    public static float[] Expand(ReadOnlySpan<float> query, IReadOnlyList<float[]> feedback, double queryWeight = DefaultQueryWeight)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        if (!double.IsFinite(queryWeight) || queryWeight < 0 || queryWeight > 1)
            throw new TailorException($"The feedback query weight is {queryWeight}; use a value from 0 to 1 (typical 0.5).");
        var result = new float[query.Length];
        var centroid = new float[query.Length];
        int used = 0;
        foreach (var vector in feedback)
        {
            if (vector.Length != query.Length)
                throw new TailorException($"A feedback vector has {vector.Length} dimensions but the query has {query.Length}; all vectors must come from the same embedder.");
            float norm = TensorPrimitives.Norm<float>(vector);
            if (norm == 0) continue;
            TensorPrimitives.MultiplyAdd(vector, 1f / norm, centroid, centroid);
            used++;
        }
        float queryNorm = TensorPrimitives.Norm(query);
        if (queryNorm > 0) TensorPrimitives.Multiply(query, (float)(used > 0 ? queryWeight : 1.0) / queryNorm, result);
        if (used > 0) TensorPrimitives.MultiplyAdd(centroid, (float)((1 - queryWeight) / used), result, result);
        float total = TensorPrimitives.Norm<float>(result);
        if (total > 0) TensorPrimitives.Divide(result, total, result);
        return result;
    }
}
