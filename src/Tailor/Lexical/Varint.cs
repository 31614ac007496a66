namespace Tailor.Lexical;

/// <summary>LEB128 unsigned variable-length integers, the encoding of the forward index and the index file.</summary>
internal static class Varint
{
    public const int MaxBytes = 10;

    /// <summary>Writes <paramref name="value"/> at <paramref name="pos"/> and advances it; the caller guarantees room for <see cref="MaxBytes"/>.</summary>
    public static void Write(Span<byte> buffer, ref int pos, ulong value)
    {
        while (value >= 0x80)
        {
            buffer[pos++] = (byte)(value | 0x80);
            value >>= 7;
        }
        buffer[pos++] = (byte)value;
    }

    /// <summary>Reads a value written by <see cref="Write"/>; no bounds checks beyond the array's (for trusted, in-memory data).</summary>
    public static uint ReadUInt32(byte[] buffer, ref int pos)
    {
        uint b = buffer[pos++];
        if (b < 0x80) return b;
        uint value = b & 0x7F;
        int shift = 7;
        while (true)
        {
            b = buffer[pos++];
            value |= (b & 0x7F) << shift;
            if (b < 0x80) return value;
            shift += 7;
        }
    }

    /// <summary>Skips one value written by <see cref="Write"/>.</summary>
    public static void SkipOne(byte[] buffer, ref int pos)
    {
        while (buffer[pos++] >= 0x80) { }
    }

    /// <summary>Reads a value from untrusted bytes; false when it runs past the end or is too long.</summary>
    public static bool TryRead(ReadOnlySpan<byte> buffer, ref int pos, out ulong value)
    {
        value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (pos >= buffer.Length) return false;
            byte b = buffer[pos++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return true;
        }
        return false;
    }
}
