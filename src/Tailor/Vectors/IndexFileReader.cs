using System.Runtime.InteropServices;

namespace Tailor.Vectors;

/// <summary>Reads the payload of an <see cref="IndexFile"/> in bulk; <see cref="Finish"/> verifies the checksum.</summary>
internal sealed class IndexFileReader(FileStream stream, string path, string what, long length, uint expectedCrc) : IDisposable
{
    private long _read;
    private uint _crc;

    public long Remaining => length - _read;

    public T Read<T>() where T : unmanaged
    {
        T value = default;
        ReadInto(MemoryMarshal.CreateSpan(ref value, 1));
        return value;
    }

    public void ReadInto<T>(Span<T> values) where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(values);
        if (bytes.Length > Remaining) throw IndexFile.Damaged(path, what, "it ends early");
        const int Block = 1 << 24;
        while (!bytes.IsEmpty)
        {
            var part = bytes[..Math.Min(Block, bytes.Length)];
            stream.ReadExactly(part);
            _crc = Crc32C.Append(_crc, part);
            _read += part.Length;
            bytes = bytes[part.Length..];
        }
    }

    /// <summary>Throws unless at least <paramref name="bytes"/> remain: call before allocating from header counts.</summary>
    public void Require(long bytes, string field)
    {
        if (bytes < 0 || bytes > Remaining) throw IndexFile.Damaged(path, what, $"{field} does not fit in the file");
    }

    public TailorException Damaged(string detail) => IndexFile.Damaged(path, what, detail);

    public void Finish()
    {
        if (Remaining != 0) throw IndexFile.Damaged(path, what, $"{Remaining} unexpected trailing bytes");
        if (_crc != expectedCrc) throw IndexFile.Damaged(path, what, "checksum mismatch");
    }

    public void Dispose() => stream.Dispose();
}
