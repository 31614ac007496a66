using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Tailor.Vectors;

/// <summary>
/// Per-dimension scalar quantization to 7-bit codes (0..127, one byte each): x_i ≈ min_i + scale_i·c_i.
/// Queries are folded into signed bytes so that a dot product becomes an integer byte dot product
/// (SIMD multiply-add of unsigned × signed bytes, no saturation with 7-bit codes). Codes are padded to
/// a multiple of 64 bytes.
/// </summary>
public sealed unsafe class Int8Quantizer
{
    private readonly float[] _min;
    private readonly float[] _scale;

    private Int8Quantizer(float[] min, float[] scale)
    {
        _min = min;
        _scale = scale;
        Dim = min.Length;
        CodeSize = (Dim + 63) / 64 * 64;
    }

    public int Dim { get; }

    /// <summary>Bytes per encoded vector (the dimension rounded up to 64).</summary>
    public int CodeSize { get; }

    /// <summary>Learns each dimension's range from the row-major <paramref name="rows"/>.</summary>
    public static Int8Quantizer Train(ReadOnlySpan<float> rows, int dim)
    {
        if (dim <= 0 || rows.Length % dim != 0) throw new TailorException($"Cannot train a quantizer: {rows.Length} floats is not a whole number of {dim}-dimensional rows.");
        var min = new float[dim];
        var max = new float[dim];
        min.AsSpan().Fill(float.PositiveInfinity);
        max.AsSpan().Fill(float.NegativeInfinity);
        for (int r = 0; r < rows.Length; r += dim)
        {
            var row = rows.Slice(r, dim);
            for (int i = 0; i < dim; i++)
            {
                float v = row[i];
                if (v < min[i]) min[i] = v;
                if (v > max[i]) max[i] = v;
            }
        }
        var scale = new float[dim];
        for (int i = 0; i < dim; i++)
        {
            if (float.IsPositiveInfinity(min[i])) min[i] = max[i] = 0;
            float range = max[i] - min[i];
            scale[i] = range > 0 ? range / 127f : 1f;
        }
        return new Int8Quantizer(min, scale);
    }

    /// <summary>Encodes <paramref name="vector"/> into <paramref name="code"/> (at least <see cref="CodeSize"/> bytes).</summary>
    public void Encode(ReadOnlySpan<float> vector, Span<byte> code)
    {
        if (vector.Length != Dim || code.Length < CodeSize) throw new TailorException($"Cannot encode a {vector.Length}-dimensional vector with a {Dim}-dimensional quantizer.");
        for (int i = 0; i < Dim; i++)
        {
            float c = MathF.Round((vector[i] - _min[i]) / _scale[i]);
            code[i] = (byte)Math.Clamp(c, 0f, 127f);
        }
        code[Dim..CodeSize].Clear();
    }

    /// <summary>Folds a query into signed bytes: dot(query, x) ≈ offset + factor · Σ qcode_i·c_i.</summary>
    internal void PrepareQuery(ReadOnlySpan<float> query, Span<sbyte> qcode, out float factor, out float offset)
    {
        float maxAbs = 0, sum = 0;
        for (int i = 0; i < Dim; i++)
        {
            sum += query[i] * _min[i];
            maxAbs = Math.Max(maxAbs, Math.Abs(query[i] * _scale[i]));
        }
        factor = maxAbs > 0 ? maxAbs / 127f : 1f;
        for (int i = 0; i < Dim; i++) qcode[i] = (sbyte)Math.Clamp(MathF.Round(query[i] * _scale[i] / factor), -127f, 127f);
        qcode[Dim..CodeSize].Clear();
        offset = sum;
    }

    /// <summary>Σ code_i·qcode_i over <paramref name="length"/> bytes (a multiple of 64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int DotCodes(byte* code, sbyte* qcode, int length)
    {
        if (Avx512BW.IsSupported)
        {
            var acc = Vector512<int>.Zero;
            var ones = Vector512.Create((short)1);
            for (int i = 0; i < length; i += 64)
            {
                var pairs = Avx512BW.MultiplyAddAdjacent(Vector512.Load(code + i), Vector512.Load(qcode + i));
                acc += Avx512BW.MultiplyAddAdjacent(pairs, ones);
            }
            return Vector512.Sum(acc);
        }
        if (Avx2.IsSupported)
        {
            var acc = Vector256<int>.Zero;
            var ones = Vector256.Create((short)1);
            for (int i = 0; i < length; i += 32)
            {
                var pairs = Avx2.MultiplyAddAdjacent(Vector256.Load(code + i), Vector256.Load(qcode + i));
                acc += Avx2.MultiplyAddAdjacent(pairs, ones);
            }
            return Vector256.Sum(acc);
        }
        int sum = 0;
        for (int i = 0; i < length; i++) sum += code[i] * qcode[i];
        return sum;
    }
}
