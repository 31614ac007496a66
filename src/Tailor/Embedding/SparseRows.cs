using System.Numerics.Tensors;

namespace Tailor.Embedding;

/// <summary>
/// A sparse matrix in compressed-row form (float values) with the dense products the randomized
/// SVD needs. Dense operands are row-major with <c>width</c> columns. Products are computed row by
/// row in parallel; each output row depends only on its inputs, so results are deterministic.
/// </summary>
internal sealed class SparseRows
{
    public SparseRows(int rows, int columns, int[] rowStart, int[] columnIndex, float[] values)
    {
        Rows = rows;
        Columns = columns;
        RowStart = rowStart;
        ColumnIndex = columnIndex;
        Values = values;
    }

    public int Rows { get; }

    public int Columns { get; }

    public int[] RowStart { get; }

    public int[] ColumnIndex { get; }

    public float[] Values { get; }

    public long NonZeros => RowStart[Rows];

    /// <summary>The transpose, in compressed-row form (i.e. this matrix by columns).</summary>
    public SparseRows Transpose()
    {
        var counts = new int[Columns + 1];
        int nnz = RowStart[Rows];
        for (int i = 0; i < nnz; i++) counts[ColumnIndex[i] + 1]++;
        for (int c = 0; c < Columns; c++) counts[c + 1] += counts[c];
        var start = (int[])counts.Clone();
        var next = (int[])counts.Clone();
        var index = new int[nnz];
        var values = new float[nnz];
        for (int r = 0; r < Rows; r++)
        {
            for (int i = RowStart[r]; i < RowStart[r + 1]; i++)
            {
                int slot = next[ColumnIndex[i]]++;
                index[slot] = r;
                values[slot] = Values[i];
            }
        }
        return new SparseRows(Columns, Rows, start, index, values);
    }

    /// <summary>output (Rows×width) = this · input (Columns×width).</summary>
    public void Multiply(float[] input, float[] output, int width)
    {
        if (input.Length < (long)Columns * width || output.Length < (long)Rows * width)
            throw new ArgumentException("Dense operand sizes do not match the sparse matrix.");
        const int Block = 256;
        int blocks = (Rows + Block - 1) / Block;
        Parallel.For(0, blocks, b =>
        {
            int end = Math.Min(Rows, (b + 1) * Block);
            for (int r = b * Block; r < end; r++)
            {
                var dest = output.AsSpan(r * width, width);
                dest.Clear();
                for (int i = RowStart[r]; i < RowStart[r + 1]; i++)
                {
                    TensorPrimitives.MultiplyAdd(input.AsSpan(ColumnIndex[i] * width, width), Values[i], dest, dest);
                }
            }
        });
    }
}
