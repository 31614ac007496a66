using Tailor.Embedding;

namespace Tailor.Tests.Embedding;

public class SymmetricEigenTests
{
    [Fact]
    public void Decomposes_a_random_symmetric_matrix_into_sorted_eigenpairs()
    {
        const int n = 12;
        var random = new Random(5);
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = i; j < n; j++) a[i * n + j] = a[j * n + i] = random.NextDouble() * 2 - 1;
        }
        var original = (double[])a.Clone();

        var (values, vectors) = SymmetricEigen.Decompose(a, n);

        for (int k = 1; k < n; k++) Assert.True(values[k - 1] >= values[k]);
        for (int k = 0; k < n; k++)
        {
            for (int i = 0; i < n; i++)
            {
                double av = 0;
                for (int j = 0; j < n; j++) av += original[i * n + j] * vectors[j * n + k];
                Assert.Equal(values[k] * vectors[i * n + k], av, 9);
            }
            for (int other = 0; other < n; other++)
            {
                double dot = 0;
                for (int i = 0; i < n; i++) dot += vectors[i * n + k] * vectors[i * n + other];
                Assert.Equal(k == other ? 1.0 : 0.0, dot, 9);
            }
        }
    }

    [Fact]
    public void Diagonal_matrix_keeps_its_values()
    {
        var a = new double[] { 1, 0, 0, 0, 3, 0, 0, 0, 2 };
        var (values, _) = SymmetricEigen.Decompose(a, 3);
        Assert.Equal([3.0, 2.0, 1.0], values);
    }
}
