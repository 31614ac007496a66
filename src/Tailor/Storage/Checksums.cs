using System.Security.Cryptography;
using System.Text;

namespace Tailor.Storage;

/// <summary>Hashes used for content identity (SHA-256) and per-row integrity (FNV-1a 64).</summary>
public static class Checksums
{
    public static string Sha256Hex(ReadOnlySpan<byte> bytes)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(bytes, hash);
        return Convert.ToHexStringLower(hash);
    }

    public static string Sha256Hex(string text) => Sha256Hex(Encoding.UTF8.GetBytes(text));

    /// <summary>FNV-1a 64-bit over the UTF-16 code units of <paramref name="text"/>; stored per chunk and re-checked by `tailor check`.</summary>
    public static long Fnv1a64(ReadOnlySpan<char> text)
    {
        ulong h = 14695981039346656037UL;
        foreach (char c in text)
        {
            h ^= (byte)c;
            h *= 1099511628211UL;
            h ^= (byte)(c >> 8);
            h *= 1099511628211UL;
        }
        return unchecked((long)h);
    }
}
