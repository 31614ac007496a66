using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Tailor.Vectors;

/// <summary>Vector arithmetic used by the indexes: dot product, squared L2 distance, normalization, scores.</summary>
public static unsafe class VectorMath
{
    /// <summary>Inner product of two equally long vectors.</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length) throw new TailorException($"Vector lengths differ ({a.Length} vs {b.Length}); embed both with the same model.");
        fixed (float* pa = a) fixed (float* pb = b) return DotUnsafe(pa, pb, a.Length);
    }

    /// <summary>Squared Euclidean distance of two equally long vectors.</summary>
    public static float SquaredL2(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length) throw new TailorException($"Vector lengths differ ({a.Length} vs {b.Length}); embed both with the same model.");
        fixed (float* pa = a) fixed (float* pb = b) return SquaredL2Unsafe(pa, pb, a.Length);
    }

    /// <summary>Scales <paramref name="v"/> to unit length in place; returns false (and leaves it) when it is all zeros.</summary>
    public static bool Normalize(Span<float> v)
    {
        float norm = TensorPrimitives.Norm(v);
        if (norm == 0f || !float.IsFinite(norm)) return false;
        TensorPrimitives.Divide(v, norm, v);
        return true;
    }

    /// <summary>The score of <paramref name="b"/> for query <paramref name="a"/> under <paramref name="metric"/> (higher is better).
    /// For <see cref="VectorMetric.Cosine"/> both vectors are assumed normalized already.</summary>
    public static float Score(VectorMetric metric, ReadOnlySpan<float> a, ReadOnlySpan<float> b)
        => metric == VectorMetric.L2 ? -SquaredL2(a, b) : Dot(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float DotUnsafe(float* a, float* b, int dim)
    {
        int i = 0;
        float sum;
        if (Vector512.IsHardwareAccelerated && dim >= 32)
        {
            var s0 = Vector512<float>.Zero;
            var s1 = Vector512<float>.Zero;
            for (; i <= dim - 32; i += 32)
            {
                s0 = Vector512.FusedMultiplyAdd(Vector512.Load(a + i), Vector512.Load(b + i), s0);
                s1 = Vector512.FusedMultiplyAdd(Vector512.Load(a + i + 16), Vector512.Load(b + i + 16), s1);
            }
            if (i <= dim - 16)
            {
                s0 = Vector512.FusedMultiplyAdd(Vector512.Load(a + i), Vector512.Load(b + i), s0);
                i += 16;
            }
            sum = Vector512.Sum(s0 + s1);
        }
        else if (Vector256.IsHardwareAccelerated && dim >= 16)
        {
            var s0 = Vector256<float>.Zero;
            var s1 = Vector256<float>.Zero;
            for (; i <= dim - 16; i += 16)
            {
                s0 = Vector256.FusedMultiplyAdd(Vector256.Load(a + i), Vector256.Load(b + i), s0);
                s1 = Vector256.FusedMultiplyAdd(Vector256.Load(a + i + 8), Vector256.Load(b + i + 8), s1);
            }
            sum = Vector256.Sum(s0 + s1);
        }
        else
        {
            return TensorPrimitives.Dot(new ReadOnlySpan<float>(a, dim), new ReadOnlySpan<float>(b, dim));
        }
        for (; i < dim; i++) sum += a[i] * b[i];
        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float SquaredL2Unsafe(float* a, float* b, int dim)
    {
        int i = 0;
        float sum;
        if (Vector512.IsHardwareAccelerated && dim >= 32)
        {
            var s0 = Vector512<float>.Zero;
            var s1 = Vector512<float>.Zero;
            for (; i <= dim - 32; i += 32)
            {
                var d0 = Vector512.Load(a + i) - Vector512.Load(b + i);
                var d1 = Vector512.Load(a + i + 16) - Vector512.Load(b + i + 16);
                s0 = Vector512.FusedMultiplyAdd(d0, d0, s0);
                s1 = Vector512.FusedMultiplyAdd(d1, d1, s1);
            }
            if (i <= dim - 16)
            {
                var d0 = Vector512.Load(a + i) - Vector512.Load(b + i);
                s0 = Vector512.FusedMultiplyAdd(d0, d0, s0);
                i += 16;
            }
            sum = Vector512.Sum(s0 + s1);
        }
        else if (Vector256.IsHardwareAccelerated && dim >= 16)
        {
            var s0 = Vector256<float>.Zero;
            var s1 = Vector256<float>.Zero;
            for (; i <= dim - 16; i += 16)
            {
                var d0 = Vector256.Load(a + i) - Vector256.Load(b + i);
                var d1 = Vector256.Load(a + i + 8) - Vector256.Load(b + i + 8);
                s0 = Vector256.FusedMultiplyAdd(d0, d0, s0);
                s1 = Vector256.FusedMultiplyAdd(d1, d1, s1);
            }
            sum = Vector256.Sum(s0 + s1);
        }
        else
        {
            sum = 0;
        }
        for (; i < dim; i++)
        {
            float d = a[i] - b[i];
            sum += d * d;
        }
        return sum;
    }
}
