using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Tailor.Vectors;

/// <summary>CRC-32C (Castagnoli), hardware-accelerated where SSE4.2 exists; guards index files against damage.</summary>
internal static class Crc32C
{
    private static readonly uint[] Table = BuildTable();

    /// <summary>Continues <paramref name="crc"/> (start with 0) over <paramref name="data"/>.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        crc = ~crc;
        if (Sse42.X64.IsSupported)
        {
            ulong c = crc;
            var words = MemoryMarshal.Cast<byte, ulong>(data);
            foreach (ulong w in words) c = Sse42.X64.Crc32(c, w);
            crc = (uint)c;
            data = data[(words.Length * 8)..];
            foreach (byte b in data) crc = Sse42.Crc32(crc, b);
        }
        else
        {
            foreach (byte b in data) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }
        return ~crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0x82F63B78u ^ (c >> 1) : c >> 1;
            table[i] = c;
        }
        return table;
    }
}
