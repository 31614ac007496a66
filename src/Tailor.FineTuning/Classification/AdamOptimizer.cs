using System.Numerics;
using System.Runtime.InteropServices;

namespace Tailor.FineTuning.Classification;

/// <summary>
/// Adam (Kingma &amp; Ba) with L2 regularization added to the weight gradients. W1 is updated
/// lazily: only the rows the mini-batch touched move (the usual treatment of sparse inputs; an
/// untouched row's moments and weights stay as they were). Biases are not regularized.
/// </summary>
internal sealed class AdamOptimizer
{
    private const float Beta1 = 0.9f, Beta2 = 0.999f, Epsilon = 1e-8f;
    private readonly ClassifierNetwork _network;
    private readonly float[][] _m;
    private readonly float[][] _v;
    private readonly float _learningRate;
    private readonly float _l2;
    private int _step;

    public AdamOptimizer(ClassifierNetwork network, double learningRate, double l2)
    {
        _network = network;
        _learningRate = (float)learningRate;
        _l2 = (float)l2;
        _m = [.. network.Parameters.Select(p => new float[p.Length])];
        _v = [.. network.Parameters.Select(p => new float[p.Length])];
    }

    /// <summary>Applies one step from <paramref name="gradients"/> and clears them.</summary>
    public void Step(NetworkGradients gradients)
    {
        _step++;
        float correction1 = 1 - MathF.Pow(Beta1, _step);
        float correction2 = 1 - MathF.Pow(Beta2, _step);
        float stepSize = _learningRate * MathF.Sqrt(correction2) / correction1;
        int width = _network.FirstWidth;
        foreach (int row in gradients.TouchedRows)
        {
            int offset = row * width;
            Update(_network.W1.AsSpan(offset, width), gradients.W1.AsSpan(offset, width), _m[0].AsSpan(offset, width), _v[0].AsSpan(offset, width), stepSize, _l2);
        }
        Update(_network.B1, gradients.B1, _m[1], _v[1], stepSize, 0);
        Update(_network.W2, gradients.W2, _m[2], _v[2], stepSize, _l2);
        Update(_network.B2, gradients.B2, _m[3], _v[3], stepSize, 0);
        gradients.Clear(width);
    }

    private static void Update(Span<float> weights, ReadOnlySpan<float> gradient, Span<float> m, Span<float> v, float stepSize, float l2)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && weights.Length >= Vector<float>.Count)
        {
            var beta1 = new Vector<float>(Beta1);
            var beta2 = new Vector<float>(Beta2);
            var oneMinusBeta1 = new Vector<float>(1 - Beta1);
            var oneMinusBeta2 = new Vector<float>(1 - Beta2);
            var decay = new Vector<float>(l2);
            var step = new Vector<float>(stepSize);
            var epsilon = new Vector<float>(Epsilon);
            var w = MemoryMarshal.Cast<float, Vector<float>>(weights);
            var g = MemoryMarshal.Cast<float, Vector<float>>(gradient);
            var mv = MemoryMarshal.Cast<float, Vector<float>>(m);
            var vv = MemoryMarshal.Cast<float, Vector<float>>(v);
            for (int k = 0; k < w.Length; k++)
            {
                var grad = g[k] + decay * w[k];
                var mk = mv[k] = beta1 * mv[k] + oneMinusBeta1 * grad;
                var vk = vv[k] = beta2 * vv[k] + oneMinusBeta2 * grad * grad;
                w[k] -= step * mk / (Vector.SquareRoot(vk) + epsilon);
            }
            i = w.Length * Vector<float>.Count;
        }
        for (; i < weights.Length; i++)
        {
            float g = gradient[i] + l2 * weights[i];
            float mi = m[i] = Beta1 * m[i] + (1 - Beta1) * g;
            float vi = v[i] = Beta2 * v[i] + (1 - Beta2) * g * g;
            weights[i] -= stepSize * mi / (MathF.Sqrt(vi) + Epsilon);
        }
    }
}
