using Tailor.Embedding;

namespace Tailor.Tests.Embedding;

public class RandomizedSvdTests
{
    [Fact]
    public void Finds_the_singular_values_of_a_matrix_with_orthogonal_rows()
    {
        // Row r has weights only in its own column block, so the singular values are the row norms (decaying).
        const int rows = 30, block = 4;
        var rowStart = new int[rows + 1];
        var columns = new List<int>();
        var values = new List<float>();
        var expected = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            double norm = 0;
            for (int c = 0; c < block; c++)
            {
                float w = (float)(Math.Pow(0.8, r) * (c + 1));
                columns.Add(r * block + c);
                values.Add(w);
                norm += (double)w * w;
            }
            expected[r] = Math.Sqrt(norm);
            rowStart[r + 1] = columns.Count;
        }
        var matrix = new SparseRows(rows, rows * block, rowStart, columns.ToArray(), values.ToArray());

        var (sigma, v, rank) = RandomizedSvd.Compute(matrix, rank: 5, oversampling: 10, powerIterations: 3, seed: 1);

        Assert.Equal(5, rank);
        for (int k = 0; k < rank; k++) Assert.Equal(expected[k], sigma[k], 3);
        // The first right singular vector lives on the first row's columns.
        double mass = 0;
        for (int c = 0; c < block; c++) mass += v[c * rank] * v[c * rank];
        Assert.Equal(1.0, mass, 3);
    }

    [Fact]
    public void Rank_is_capped_by_the_matrix_size()
    {
        var matrix = new SparseRows(2, 3, [0, 2, 3], [0, 1, 2], [1f, 1f, 2f]);
        var (sigma, _, rank) = RandomizedSvd.Compute(matrix, rank: 128, oversampling: 10, powerIterations: 2, seed: 1);
        Assert.Equal(2, rank);
        Assert.Equal(2.0, sigma[0], 4);
        Assert.Equal(Math.Sqrt(2), sigma[1], 4);
    }
}
