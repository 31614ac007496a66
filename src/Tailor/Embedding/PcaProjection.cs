using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Tailor.Vectors;

namespace Tailor.Embedding;

/// <summary>
/// Principal component analysis of document vectors: the mean and the top components, fitted once on
/// a knowledge base's vectors (a deterministic sample of at most <see cref="MaxSample"/>), then used
/// to project documents and queries alike (centred, projected, L2-normalized). Fitting forms the
/// covariance matrix and finds its top eigenvectors by subspace iteration with a small Jacobi
/// eigendecomposition. Saved with a format version and a CRC-32C.
/// </summary>
public sealed class PcaProjection
{
    /// <summary>At most this many vectors are used for fitting (evenly spaced through the input).</summary>
    public const int MaxSample = 10_000;

    private const uint Magic = 0x41435054; // "TPCA"
    private const int FormatVersion = 1;

    private readonly float[] _mean;
    private readonly float[] _components; // Dimensions × InputDimensions, row-major

    private PcaProjection(int inputDimensions, int dimensions, float[] mean, float[] components)
    {
        InputDimensions = inputDimensions;
        Dimensions = dimensions;
        _mean = mean;
        _components = components;
    }

    /// <summary>Length of the vectors projected.</summary>
    public int InputDimensions { get; }

    /// <summary>Length of the projected vectors.</summary>
    public int Dimensions { get; }

    /// <summary>Fits the top <paramref name="dimensions"/> components of <paramref name="vectors"/> (all of one length).</summary>
    public static PcaProjection Fit(IReadOnlyList<float[]> vectors, int dimensions, ulong seed = 42)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        if (vectors.Count < 2) throw new TailorException($"PCA needs at least 2 vectors to fit and got {vectors.Count}; ingest more documents before reducing dimensions.");
        int d = vectors[0].Length;
        if (dimensions < 1 || dimensions >= d)
            throw new TailorException($"cannot reduce {d}-dimensional vectors to {dimensions}; choose a --reduce value from 1 to {d - 1}.");
        int n = Math.Min(vectors.Count, MaxSample);
        var sample = new float[n][];
        for (int i = 0; i < n; i++)
        {
            sample[i] = vectors[(int)((long)i * vectors.Count / n)];
            if (sample[i].Length != d) throw new TailorException($"PCA input vectors differ in length ({sample[i].Length} vs {d}); all must come from one embedder.");
        }
        var mean = new double[d];
        foreach (var v in sample) for (int j = 0; j < d; j++) mean[j] += v[j];
        for (int j = 0; j < d; j++) mean[j] /= n;
        var centred = new float[(long)n * d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) centred[(long)i * d + j] = (float)(sample[i][j] - mean[j]);
        var covariance = DenseRows.Gram(centred, n, d); // d×d, symmetric

        // subspace iteration: Q ← orth(C·Q), a few times, from a Gaussian start
        int width = Math.Min(d, dimensions + 10);
        var random = new GaussianRandom(seed);
        var q = new float[(long)d * width];
        for (long i = 0; i < q.Length; i++) q[i] = (float)random.NextGaussian();
        q = DenseRows.Orthonormalize(q, d, width);
        for (int iteration = 0; iteration < 6; iteration++)
            q = DenseRows.Orthonormalize(Multiply(covariance, d, q, width), d, width);
        // B = Qᵀ C Q (width×width), then its eigenvectors rotate Q onto the principal directions
        var cq = Multiply(covariance, d, q, width);
        var b = new double[width * width];
        for (int r = 0; r < d; r++)
            for (int x = 0; x < width; x++)
            {
                double qx = q[(long)r * width + x];
                if (qx == 0) continue;
                for (int y = 0; y < width; y++) b[x * width + y] += qx * cq[(long)r * width + y];
            }
        var (_, eigenvectors) = SymmetricEigen.Decompose(b, width);
        var components = new float[(long)dimensions * d];
        for (int c = 0; c < dimensions; c++)
        {
            double largest = 0;
            for (int r = 0; r < d; r++)
            {
                double value = 0;
                for (int x = 0; x < width; x++) value += q[(long)r * width + x] * eigenvectors[x * width + c];
                components[(long)c * d + r] = (float)value;
                if (Math.Abs(value) > Math.Abs(largest)) largest = value;
            }
            if (largest < 0) for (int r = 0; r < d; r++) components[(long)c * d + r] = -components[(long)c * d + r]; // a fixed sign
        }
        return new PcaProjection(d, dimensions, mean.Select(m => (float)m).ToArray(), components);
    }

    private static float[] Multiply(double[] c, int d, float[] q, int width)
    {
        var result = new float[(long)d * width];
        Parallel.For(0, d, r =>
        {
            var row = new double[width];
            for (int k = 0; k < d; k++)
            {
                double crk = c[(long)r * d + k];
                if (crk == 0) continue;
                for (int x = 0; x < width; x++) row[x] += crk * q[(long)k * width + x];
            }
            for (int x = 0; x < width; x++) result[(long)r * width + x] = (float)row[x];
        });
        return result;
    }

    /// <summary>Centres, projects and L2-normalizes one vector.</summary>
    public float[] Project(ReadOnlySpan<float> vector)
    {
        if (vector.Length != InputDimensions)
            throw new TailorException($"a {vector.Length}-dimensional vector cannot be projected by a PCA fitted on {InputDimensions} dimensions; run `tailor reembed` with --reduce again.");
        Span<float> centred = vector.Length <= 4096 ? stackalloc float[vector.Length] : new float[vector.Length];
        System.Numerics.Tensors.TensorPrimitives.Subtract(vector, _mean, centred);
        var result = new float[Dimensions];
        for (int c = 0; c < Dimensions; c++)
            result[c] = System.Numerics.Tensors.TensorPrimitives.Dot(centred, _components.AsSpan(c * InputDimensions, InputDimensions));
        float norm = System.Numerics.Tensors.TensorPrimitives.Norm<float>(result);
        if (norm > 0) System.Numerics.Tensors.TensorPrimitives.Divide(result, norm, result);
        return result;
    }

    /// <summary>The saved form: magic, version, sizes, mean, components, CRC-32C.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[16 + (_mean.Length + _components.Length) * sizeof(float) + 4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), FormatVersion);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), InputDimensions);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(12), Dimensions);
        MemoryMarshal.AsBytes(_mean.AsSpan()).CopyTo(bytes.AsSpan(16));
        MemoryMarshal.AsBytes(_components.AsSpan()).CopyTo(bytes.AsSpan(16 + _mean.Length * sizeof(float)));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4), Crc32C.Append(0, bytes.AsSpan(0, bytes.Length - 4)));
        return bytes;
    }

    /// <summary>Reads what <see cref="ToBytes"/> wrote; a clear error naming <paramref name="source"/> when damaged.</summary>
    public static PcaProjection FromBytes(byte[] bytes, string source)
    {
        string damaged = $"{source}: the PCA projection is damaged; run `tailor reembed` with --reduce again.";
        if (bytes.Length < 20 || BinaryPrimitives.ReadUInt32LittleEndian(bytes) != Magic) throw new TailorException(damaged);
        int version = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4));
        if (version != FormatVersion) throw new TailorException($"{source}: PCA projection format {version} is not supported (expects {FormatVersion}); run `tailor reembed` with --reduce again.");
        int input = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8)), dims = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(12));
        if (input < 2 || dims < 1 || dims >= input || bytes.Length != 16 + ((long)input + (long)dims * input) * sizeof(float) + 4) throw new TailorException(damaged);
        if (Crc32C.Append(0, bytes.AsSpan(0, bytes.Length - 4)) != BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4))) throw new TailorException(damaged);
        var mean = MemoryMarshal.Cast<byte, float>(bytes.AsSpan(16, input * sizeof(float))).ToArray();
        var components = MemoryMarshal.Cast<byte, float>(bytes.AsSpan(16 + input * sizeof(float), dims * input * sizeof(float))).ToArray();
        return new PcaProjection(input, dims, mean, components);
    }
}
