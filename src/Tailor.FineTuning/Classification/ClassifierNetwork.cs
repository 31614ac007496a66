using System.Numerics.Tensors;

namespace Tailor.FineTuning.Classification;

/// <summary>
/// The parameters and the arithmetic of a classifier over sparse inputs. Logistic regression
/// (<see cref="Hidden"/> = 0): logits = b1 + Σ x_j·W1[j]. MLP: z = b1 + Σ x_j·W1[j],
/// logits = b2 + ReLU(z)·W2. Softmax gives the class probabilities. W1 is stored row-major, one
/// row of <see cref="FirstWidth"/> floats per input column, so a sparse input touches only its
/// own rows. Forward and backward passes write into caller-owned spans and allocate nothing.
/// </summary>
internal sealed class ClassifierNetwork
{
    public ClassifierNetwork(int inputs, int hidden, int classes)
    {
        Inputs = inputs;
        Hidden = hidden;
        Classes = classes;
        long weights = (long)inputs * FirstWidth;
        if (weights > Array.MaxLength)
            throw new TailorException($"The model would need {weights:N0} weights in its first layer, more than one array holds. Use fewer --buckets, a higher --min-df or fewer --hidden units.");
        W1 = new float[weights];
        B1 = new float[FirstWidth];
        W2 = new float[hidden * classes];
        B2 = new float[hidden > 0 ? classes : 0];
    }

    public int Inputs { get; }

    public int Hidden { get; }

    public int Classes { get; }

    /// <summary>Width of W1's rows: the hidden units, or the classes for logistic regression.</summary>
    public int FirstWidth => Hidden > 0 ? Hidden : Classes;

    public float[] W1 { get; }

    public float[] B1 { get; }

    public float[] W2 { get; }

    public float[] B2 { get; }

    /// <summary>The parameter arrays in a fixed order (for the optimizer, snapshots and the model file).</summary>
    public float[][] Parameters => [W1, B1, W2, B2];

    /// <summary>Random initial weights for the MLP (uniform, scaled to keep pre-activations near unit size for unit-norm inputs); logistic regression starts at zero.</summary>
    public void Initialize(int seed)
    {
        if (Hidden == 0) return;
        var rng = new Random(seed);
        float a1 = 0.5f;
        for (int i = 0; i < W1.Length; i++) W1[i] = (float)((rng.NextDouble() * 2 - 1) * a1);
        float a2 = (float)Math.Sqrt(6.0 / (Hidden + Classes));
        for (int i = 0; i < W2.Length; i++) W2[i] = (float)((rng.NextDouble() * 2 - 1) * a2);
    }

    /// <summary>Class probabilities of one sparse input. <paramref name="first"/> (length <see cref="FirstWidth"/>) receives the first layer's pre-activations.</summary>
    public void Forward(ReadOnlySpan<int> columns, ReadOnlySpan<float> values, Span<float> first, Span<float> probabilities)
    {
        int width = FirstWidth;
        B1.CopyTo(first);
        for (int j = 0; j < columns.Length; j++)
            TensorPrimitives.MultiplyAdd(W1.AsSpan(columns[j] * width, width), values[j], first, first);
        if (Hidden == 0)
        {
            first.CopyTo(probabilities);
        }
        else
        {
            B2.CopyTo(probabilities);
            for (int h = 0; h < Hidden; h++)
            {
                float a = first[h];
                if (a > 0) TensorPrimitives.MultiplyAdd(W2.AsSpan(h * Classes, Classes), a, probabilities, probabilities);
            }
        }
        Softmax(probabilities);
    }

    /// <summary>
    /// Adds the gradient of scale·(−log p[target]) to <paramref name="gradients"/>, after
    /// <see cref="Forward"/> filled <paramref name="first"/> and <paramref name="probabilities"/>
    /// for the same input. <paramref name="delta"/> needs <see cref="FirstWidth"/> + <see cref="Classes"/> floats.
    /// </summary>
    public void Backward(ReadOnlySpan<int> columns, ReadOnlySpan<float> values, ReadOnlySpan<float> first, ReadOnlySpan<float> probabilities,
        int target, float scale, NetworkGradients gradients, Span<float> delta)
    {
        var output = delta[..Classes];
        for (int c = 0; c < Classes; c++) output[c] = probabilities[c] * scale;
        output[target] -= scale;
        Span<float> firstDelta;
        if (Hidden == 0)
        {
            firstDelta = output;
        }
        else
        {
            TensorPrimitives.Add(gradients.B2, output, gradients.B2);
            firstDelta = delta.Slice(Classes, Hidden);
            for (int h = 0; h < Hidden; h++)
            {
                float a = first[h];
                if (a <= 0) { firstDelta[h] = 0; continue; }
                var row = gradients.W2.AsSpan(h * Classes, Classes);
                TensorPrimitives.MultiplyAdd(output, a, row, row);
                firstDelta[h] = TensorPrimitives.Dot(W2.AsSpan(h * Classes, Classes), output);
            }
        }
        TensorPrimitives.Add(gradients.B1, firstDelta, gradients.B1);
        int width = FirstWidth;
        for (int j = 0; j < columns.Length; j++)
        {
            int column = columns[j];
            gradients.Touch(column);
            var row = gradients.W1.AsSpan(column * width, width);
            TensorPrimitives.MultiplyAdd(firstDelta, values[j], row, row);
        }
    }

    /// <summary>A deep copy of the parameters.</summary>
    public ClassifierNetwork Clone()
    {
        var copy = new ClassifierNetwork(Inputs, Hidden, Classes);
        CopyTo(copy);
        return copy;
    }

    public void CopyTo(ClassifierNetwork other)
    {
        W1.CopyTo(other.W1, 0);
        B1.CopyTo(other.B1, 0);
        W2.CopyTo(other.W2, 0);
        B2.CopyTo(other.B2, 0);
    }

    private static void Softmax(Span<float> values)
    {
        float max = TensorPrimitives.Max(values);
        float sum = 0;
        for (int i = 0; i < values.Length; i++)
        {
            float e = MathF.Exp(values[i] - max);
            values[i] = e;
            sum += e;
        }
        TensorPrimitives.Divide(values, sum, values);
    }
}
