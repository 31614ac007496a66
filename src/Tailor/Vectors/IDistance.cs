using System.Runtime.CompilerServices;

namespace Tailor.Vectors;

/// <summary>A distance (lower is closer) specialised at compile time: generic code over a struct
/// implementing this is inlined by the JIT, so the hot loops pay no per-call dispatch.</summary>
internal unsafe interface IDistance
{
    static abstract float Distance(float* a, float* b, int dim);
}

/// <summary>Negated inner product (cosine on normalized vectors, or raw dot).</summary>
internal readonly struct NegativeDot : IDistance
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe float Distance(float* a, float* b, int dim) => -VectorMath.DotUnsafe(a, b, dim);
}

/// <summary>Squared Euclidean distance.</summary>
internal readonly struct SquaredEuclidean : IDistance
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe float Distance(float* a, float* b, int dim) => VectorMath.SquaredL2Unsafe(a, b, dim);
}
