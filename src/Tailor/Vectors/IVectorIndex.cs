namespace Tailor.Vectors;

/// <summary>What a knowledge base searches its chunk vectors through: the exact <see cref="FlatIndex"/> or the approximate <see cref="HnswIndex"/>.</summary>
public interface IVectorIndex
{
    int Dim { get; }

    /// <summary>Number of live vectors.</summary>
    int Count { get; }

    /// <summary>The top <paramref name="k"/> for <paramref name="query"/>, best first, among ids accepted by <paramref name="filter"/> (k hits whenever k such ids exist).</summary>
    VectorHit[] Search(ReadOnlySpan<float> query, int k, Func<long, bool>? filter = null);
}
