namespace Tailor.Embedding;

/// <summary>
/// Eigendecomposition of a small dense symmetric matrix by cyclic Jacobi rotations: accurate and
/// simple, fine for the (D + oversampling)² Gram matrices of the randomized SVD.
/// </summary>
internal static class SymmetricEigen
{
    /// <summary>
    /// Decomposes the row-major symmetric <paramref name="matrix"/> (n×n, overwritten). Returns the
    /// eigenvalues in descending order and the matching unit eigenvectors as the columns of a
    /// row-major n×n matrix.
    /// </summary>
    public static (double[] Values, double[] Vectors) Decompose(double[] matrix, int n)
    {
        if (matrix.Length != n * n) throw new ArgumentException("matrix must be n×n", nameof(matrix));
        var a = matrix;
        var v = new double[n * n];
        for (int i = 0; i < n; i++) v[i * n + i] = 1.0;

        for (int sweep = 0; sweep < 100; sweep++)
        {
            double off = 0, diag = 0;
            for (int p = 0; p < n; p++)
            {
                diag += a[p * n + p] * a[p * n + p];
                for (int q = p + 1; q < n; q++) off += a[p * n + q] * a[p * n + q];
            }
            if (off <= 1e-30 * Math.Max(diag, 1e-300)) break;

            for (int p = 0; p < n - 1; p++)
            {
                for (int q = p + 1; q < n; q++)
                {
                    double apq = a[p * n + q];
                    if (apq == 0) continue;
                    double app = a[p * n + p], aqq = a[q * n + q];
                    if (Math.Abs(apq) < 1e-300) { a[p * n + q] = a[q * n + p] = 0; continue; }
                    double theta = (aqq - app) / (2.0 * apq);
                    double t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1.0));
                    if (theta == 0) t = 1.0;
                    double c = 1.0 / Math.Sqrt(t * t + 1.0), s = t * c;
                    Rotate(a, v, n, p, q, c, s);
                }
            }
        }

        var values = new double[n];
        for (int i = 0; i < n; i++) values[i] = a[i * n + i];
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Array.Sort(order, (x, y) =>
        {
            int c = values[y].CompareTo(values[x]);
            return c != 0 ? c : x.CompareTo(y);
        });
        var sortedValues = new double[n];
        var sortedVectors = new double[n * n];
        for (int k = 0; k < n; k++)
        {
            int src = order[k];
            sortedValues[k] = values[src];
            // Fix the sign so that the largest-magnitude component is positive: deterministic output.
            int big = 0;
            for (int r = 1; r < n; r++)
            {
                if (Math.Abs(v[r * n + src]) > Math.Abs(v[big * n + src])) big = r;
            }
            double sign = v[big * n + src] < 0 ? -1.0 : 1.0;
            for (int r = 0; r < n; r++) sortedVectors[r * n + k] = sign * v[r * n + src];
        }
        return (sortedValues, sortedVectors);
    }

    private static void Rotate(double[] a, double[] v, int n, int p, int q, double c, double s)
    {
        // A' = Jᵀ A J with J the rotation in the (p, q) plane.
        for (int k = 0; k < n; k++)
        {
            double akp = a[k * n + p], akq = a[k * n + q];
            a[k * n + p] = c * akp - s * akq;
            a[k * n + q] = s * akp + c * akq;
        }
        for (int k = 0; k < n; k++)
        {
            double apk = a[p * n + k], aqk = a[q * n + k];
            a[p * n + k] = c * apk - s * aqk;
            a[q * n + k] = s * apk + c * aqk;
        }
        for (int k = 0; k < n; k++)
        {
            double vkp = v[k * n + p], vkq = v[k * n + q];
            v[k * n + p] = c * vkp - s * vkq;
            v[k * n + q] = s * vkp + c * vkq;
        }
    }
}
