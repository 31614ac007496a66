using Tailor.Vectors;

namespace Tailor.Tests.Vectors;

public class VectorMathTests
{
    [Fact]
    public void Dot_and_squared_L2_on_hand_values()
    {
        float[] a = [1, 2, 3];
        float[] b = [4, -5, 6];
        Assert.Equal(1 * 4 - 2 * 5 + 3 * 6, VectorMath.Dot(a, b));
        Assert.Equal(9 + 49 + 9, VectorMath.SquaredL2(a, b));
        Assert.Equal(12f, VectorMath.Score(VectorMetric.Dot, a, b));
        Assert.Equal(-67f, VectorMath.Score(VectorMetric.L2, a, b));
    }

    [Fact]
    public void Normalize_makes_unit_length_and_leaves_zero_vectors()
    {
        float[] v = [3, 4];
        Assert.True(VectorMath.Normalize(v));
        Assert.Equal(0.6f, v[0], 6);
        Assert.Equal(0.8f, v[1], 6);
        float[] zero = [0, 0, 0];
        Assert.False(VectorMath.Normalize(zero));
        Assert.All(zero, x => Assert.Equal(0f, x));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(16)]
    [InlineData(33)]
    [InlineData(47)]
    [InlineData(384)]
    [InlineData(1000)]
    public void Simd_kernels_match_scalar_sums_for_any_length(int dim)
    {
        var a = VectorTestData.Gaussian(1, dim, 1);
        var b = VectorTestData.Gaussian(1, dim, 2);
        double dot = 0, l2 = 0;
        for (int i = 0; i < dim; i++)
        {
            dot += a[i] * (double)b[i];
            l2 += (a[i] - b[i]) * (double)(a[i] - b[i]);
        }
        Assert.Equal(dot, VectorMath.Dot(a, b), 1e-3 * Math.Max(1, Math.Sqrt(dim)));
        Assert.Equal(l2, VectorMath.SquaredL2(a, b), 1e-3 * Math.Max(1, l2));
    }

    [Fact]
    public void Length_mismatch_is_a_tailor_exception()
    {
        var ex = Assert.Throws<TailorException>(() => VectorMath.Dot([1, 2], [1, 2, 3]));
        Assert.Contains("2 vs 3", ex.Message);
    }
}
