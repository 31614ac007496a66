namespace Tailor.Embedding;

/// <summary>
/// Truncated SVD of a sparse matrix by randomized range finding (Halko, Martinsson and Tropp 2011):
/// a Gaussian test matrix with oversampling, a few power iterations with re-orthonormalization after
/// every product, then an exact SVD of the small projected matrix. Deterministic for a seed.
/// </summary>
internal static class RandomizedSvd
{
    /// <summary>The top singular values and right singular vectors of <paramref name="a"/>.</summary>
    /// <param name="a">The matrix (documents × terms).</param>
    /// <param name="rank">Wanted number of components; fewer are returned when the matrix is smaller.</param>
    /// <param name="oversampling">Extra random directions that sharpen the top components.</param>
    /// <param name="powerIterations">Passes of (A Aᵀ) that separate the spectrum.</param>
    /// <param name="seed">Seed of the Gaussian test matrix.</param>
    /// <returns>Singular values (descending) and V as a row-major columns×rank matrix.</returns>
    public static (double[] Sigma, float[] V, int Rank) Compute(SparseRows a, int rank, int oversampling, int powerIterations, ulong seed)
    {
        int n = a.Rows, m = a.Columns;
        int width = Math.Min(rank + oversampling, Math.Min(n, m));
        rank = Math.Min(rank, width);
        if (width < 1) return ([], [], 0);
        var at = a.Transpose();

        var random = new GaussianRandom(seed);
        var omega = new float[(long)m * width];
        for (long i = 0; i < omega.Length; i++) omega[i] = (float)random.NextGaussian();

        var y = new float[(long)n * width];
        a.Multiply(omega, y, width);
        y = DenseRows.Orthonormalize(y, n, width, passes: powerIterations > 0 ? 1 : 2);
        var z = omega; // reuse: m×width
        // Inside the power iterations one orthonormalization pass suffices: each product only
        // stretches the basis by the (moderate) spread of the singular values.
        for (int q = 0; q < powerIterations; q++)
        {
            at.Multiply(y, z, width);
            z = DenseRows.Orthonormalize(z, m, width, passes: 1);
            a.Multiply(z, y, width);
            y = DenseRows.Orthonormalize(y, n, width, passes: q == powerIterations - 1 ? 2 : 1);
        }

        // Bᵀ = Aᵀ Q (m×width); B Bᵀ = (Bᵀ)ᵀ Bᵀ = U_B Σ² U_Bᵀ; V = Bᵀ U_B Σ⁻¹.
        at.Multiply(y, z, width);
        var gram = DenseRows.Gram(z, m, width);
        var (values, vectors) = SymmetricEigen.Decompose(gram, width);
        var sigma = new double[rank];
        var t = new double[width * rank];
        double top = Math.Sqrt(Math.Max(values[0], 0));
        for (int k = 0; k < rank; k++)
        {
            double s = Math.Sqrt(Math.Max(values[k], 0));
            sigma[k] = s;
            if (s <= top * 1e-6 || s == 0) continue; // rank-deficient direction: leave a zero column
            for (int r = 0; r < width; r++) t[r * rank + k] = vectors[r * width + k] / s;
        }
        var v = DenseRows.MultiplySmall(z, m, width, t, rank);
        return (sigma, v, rank);
    }
}
