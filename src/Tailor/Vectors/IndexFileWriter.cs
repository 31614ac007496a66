using System.Runtime.InteropServices;

namespace Tailor.Vectors;

/// <summary>Writes the payload of an <see cref="IndexFile"/>, keeping its length and checksum.</summary>
internal sealed class IndexFileWriter(Stream stream)
{
    public long Length { get; private set; }

    public uint Crc { get; private set; }

    public void Write<T>(T value) where T : unmanaged => WriteSpan(MemoryMarshal.CreateReadOnlySpan(ref value, 1));

    public void WriteSpan<T>(ReadOnlySpan<T> values) where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(values);
        const int Block = 1 << 24;
        while (!bytes.IsEmpty)
        {
            var part = bytes[..Math.Min(Block, bytes.Length)];
            Crc = Crc32C.Append(Crc, part);
            stream.Write(part);
            Length += part.Length;
            bytes = bytes[part.Length..];
        }
    }
}
