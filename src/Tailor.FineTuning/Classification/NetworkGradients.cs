namespace Tailor.FineTuning.Classification;

/// <summary>
/// Gradient buffers shaped like a <see cref="ClassifierNetwork"/>. W1's gradient is sparse in
/// practice: the rows a mini-batch touched are listed, so the optimizer updates and clears only those.
/// </summary>
internal sealed class NetworkGradients
{
    private readonly bool[] _touched;
    private readonly List<int> _rows = new(4096);

    public NetworkGradients(ClassifierNetwork network)
    {
        W1 = new float[network.W1.Length];
        B1 = new float[network.B1.Length];
        W2 = new float[network.W2.Length];
        B2 = new float[network.B2.Length];
        _touched = new bool[network.Inputs];
    }

    public float[] W1 { get; }

    public float[] B1 { get; }

    public float[] W2 { get; }

    public float[] B2 { get; }

    /// <summary>The W1 rows with a gradient since the last <see cref="Clear"/>.</summary>
    public List<int> TouchedRows => _rows;

    public void Touch(int row)
    {
        if (_touched[row]) return;
        _touched[row] = true;
        _rows.Add(row);
    }

    /// <summary>Zeroes every gradient (W1 only on the touched rows).</summary>
    public void Clear(int width)
    {
        foreach (int row in _rows)
        {
            _touched[row] = false;
            Array.Clear(W1, row * width, width);
        }
        _rows.Clear();
        Array.Clear(B1);
        Array.Clear(W2);
        Array.Clear(B2);
    }
}
