using System.Runtime.InteropServices;

namespace Tailor.Vectors;

/// <summary>Reads header-free little-endian row-major files: float32[rows][dim] vectors and int32[rows][cols] ids
/// (the layout of common ANN benchmark data).</summary>
public static class RawVectorFile
{
    /// <summary>Reads float32 rows of <paramref name="dim"/> values; the file length must be a whole number of rows.</summary>
    public static float[] ReadFloat32(string path, int dim) => Read<float>(path, dim, "float32 vectors");

    /// <summary>Reads int32 rows of <paramref name="cols"/> values.</summary>
    public static int[] ReadInt32(string path, int cols) => Read<int>(path, cols, "int32 ids");

    private static T[] Read<T>(string path, int cols, string what) where T : unmanaged
    {
        if (cols <= 0) throw new TailorException($"Row width must be positive (got {cols}).");
        if (!BitConverter.IsLittleEndian) throw new TailorException("Raw vector files are little-endian; this machine is not supported.");
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
            long rowBytes = (long)cols * Marshal.SizeOf<T>();
            if (stream.Length == 0 || stream.Length % rowBytes != 0)
                throw new TailorException($"'{path}' holds {stream.Length} bytes, not a whole number of rows of {cols} {what} ({rowBytes} bytes each). Check --dim and the file.");
            long count = stream.Length / Marshal.SizeOf<T>();
            if (count > Array.MaxLength) throw new TailorException($"'{path}' is too large to load into one array ({count} values).");
            var values = GC.AllocateUninitializedArray<T>((int)count);
            var bytes = MemoryMarshal.AsBytes(values.AsSpan());
            while (!bytes.IsEmpty)
            {
                int part = Math.Min(bytes.Length, 1 << 26);
                stream.ReadExactly(bytes[..part]);
                bytes = bytes[part..];
            }
            return values;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TailorException($"Cannot read '{path}': {ex.Message}", ex);
        }
    }
}
