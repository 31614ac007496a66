using System.Numerics.Tensors;

namespace Tailor.Embedding;

/// <summary>
/// Operations on tall dense row-major float matrices (rows × width, width small) used by the
/// randomized SVD: Gram matrices and right-multiplication by a small matrix. Partial sums are
/// formed over fixed row blocks and added in block order, so results do not depend on scheduling.
/// </summary>
internal static class DenseRows
{
    private const int Block = 512;

    /// <summary>The width×width Gram matrix MᵀM in double precision.</summary>
    public static double[] Gram(float[] m, int rows, int width)
    {
        int blocks = (rows + Block - 1) / Block;
        var partials = new double[blocks][];
        Parallel.For(0, blocks, b =>
        {
            var acc = new float[width * width];
            int end = Math.Min(rows, (b + 1) * Block);
            for (int r = b * Block; r < end; r++)
            {
                var row = m.AsSpan(r * width, width);
                for (int a = 0; a < width; a++)
                {
                    float x = row[a];
                    if (x == 0) continue;
                    // Upper triangle only; mirrored below.
                    var dest = acc.AsSpan(a * width + a, width - a);
                    TensorPrimitives.MultiplyAdd(row[a..], x, dest, dest);
                }
            }
            var partial = new double[width * width];
            for (int i = 0; i < partial.Length; i++) partial[i] = acc[i];
            partials[b] = partial;
        });
        var gram = new double[width * width];
        foreach (var partial in partials)
        {
            for (int i = 0; i < gram.Length; i++) gram[i] += partial[i];
        }
        for (int a = 0; a < width; a++)
        {
            for (int c = 0; c < a; c++) gram[a * width + c] = gram[c * width + a];
        }
        return gram;
    }

    /// <summary>m (rows×width) ← m · t, with t a row-major width×outWidth matrix; returns the new matrix.</summary>
    public static float[] MultiplySmall(float[] m, int rows, int width, double[] t, int outWidth)
    {
        var tf = new float[t.Length];
        for (int i = 0; i < t.Length; i++) tf[i] = (float)t[i];
        var result = new float[(long)rows * outWidth];
        int blocks = (rows + Block - 1) / Block;
        Parallel.For(0, blocks, b =>
        {
            int end = Math.Min(rows, (b + 1) * Block);
            for (int r = b * Block; r < end; r++)
            {
                var row = m.AsSpan(r * width, width);
                var dest = result.AsSpan(r * outWidth, outWidth);
                for (int a = 0; a < width; a++)
                {
                    float x = row[a];
                    if (x != 0) TensorPrimitives.MultiplyAdd(tf.AsSpan(a * outWidth, outWidth), x, dest, dest);
                }
            }
        });
        return result;
    }

    /// <summary>
    /// Makes the columns of m orthonormal (spanning the same space) by Cholesky QR on its Gram matrix
    /// (or, when the columns are dependent, through the Gram matrix's eigendecomposition, where
    /// directions with negligible energy become zero columns). A second pass restores the accuracy
    /// the first loses to the Gram matrix's squared condition number.
    /// </summary>
    public static float[] Orthonormalize(float[] m, int rows, int width, int passes = 2)
    {
        for (int pass = 0; pass < passes; pass++)
        {
            var gram = Gram(m, rows, width);
            if (TryInverseCholeskyFactor(gram, width) is { } inverse)
            {
                m = MultiplySmall(m, rows, width, inverse, width);
                continue;
            }
            var (values, vectors) = SymmetricEigen.Decompose(gram, width);
            double floor = Math.Max(values[0], 0) * 1e-10;
            var t = new double[width * width];
            for (int k = 0; k < width; k++)
            {
                if (values[k] <= floor || values[k] <= 0) continue;
                double scale = 1.0 / Math.Sqrt(values[k]);
                for (int a = 0; a < width; a++) t[a * width + k] = vectors[a * width + k] * scale;
            }
            m = MultiplySmall(m, rows, width, t, width);
        }
        return m;
    }

    /// <summary>
    /// For G = L Lᵀ (Cholesky), returns (Lᵀ)⁻¹ so that M (Lᵀ)⁻¹ has orthonormal columns; null when G
    /// is (numerically) singular, i.e. M has dependent columns.
    /// </summary>
    private static double[]? TryInverseCholeskyFactor(double[] gram, int n)
    {
        double maxDiagonal = 0;
        for (int i = 0; i < n; i++) maxDiagonal = Math.Max(maxDiagonal, gram[i * n + i]);
        if (maxDiagonal <= 0) return null;
        var l = new double[n * n];
        for (int j = 0; j < n; j++)
        {
            double d = gram[j * n + j];
            for (int k = 0; k < j; k++) d -= l[j * n + k] * l[j * n + k];
            if (d <= maxDiagonal * 1e-12) return null;
            double ljj = Math.Sqrt(d);
            l[j * n + j] = ljj;
            for (int i = j + 1; i < n; i++)
            {
                double s = gram[i * n + j];
                for (int k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
                l[i * n + j] = s / ljj;
            }
        }
        // Invert the lower-triangular L column by column, then transpose.
        var inv = new double[n * n];
        for (int c = 0; c < n; c++)
        {
            inv[c * n + c] = 1.0 / l[c * n + c];
            for (int i = c + 1; i < n; i++)
            {
                double s = 0;
                for (int k = c; k < i; k++) s -= l[i * n + k] * inv[k * n + c];
                inv[i * n + c] = s / l[i * n + i];
            }
        }
        var t = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++) t[j * n + i] = inv[i * n + j];
        }
        return t;
    }
}
