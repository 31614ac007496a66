namespace Tailor.FineTuning.Classification;

/// <summary>Rows of sparse feature vectors in compressed sparse row layout (columns ascending within a row).</summary>
internal sealed class SparseMatrix
{
    public SparseMatrix(int[] rowStarts, int[] columns, float[] values)
    {
        RowStarts = rowStarts;
        Columns = columns;
        Values = values;
    }

    public int[] RowStarts { get; }

    public int[] Columns { get; }

    public float[] Values { get; }

    public int Rows => RowStarts.Length - 1;

    public ReadOnlySpan<int> RowColumns(int row) => Columns.AsSpan(RowStarts[row], RowStarts[row + 1] - RowStarts[row]);

    public ReadOnlySpan<float> RowValues(int row) => Values.AsSpan(RowStarts[row], RowStarts[row + 1] - RowStarts[row]);

    /// <summary>Stacks per-row arrays into one matrix.</summary>
    public static SparseMatrix FromRows(IReadOnlyList<(int[] Columns, float[] Values)> rows)
    {
        var starts = new int[rows.Count + 1];
        for (int i = 0; i < rows.Count; i++) starts[i + 1] = starts[i] + rows[i].Columns.Length;
        var columns = new int[starts[^1]];
        var values = new float[starts[^1]];
        for (int i = 0; i < rows.Count; i++)
        {
            rows[i].Columns.CopyTo(columns, starts[i]);
            rows[i].Values.CopyTo(values, starts[i]);
        }
        return new SparseMatrix(starts, columns, values);
    }
}
