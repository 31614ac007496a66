using System.Buffers.Binary;
using System.Numerics;

namespace Tailor.Lexical;

/// <summary>
/// A streaming 64-bit checksum: each block is hashed with a multiply-rotate mix over 8-byte words
/// (in the style of xxHash64's round), and block hashes are folded in order. Any changed, missing or
/// reordered byte changes the result with overwhelming probability. Not cryptographic.
/// </summary>
public struct BlockChecksum
{
    private const ulong Prime1 = 0x9E3779B185EBCA87UL;
    private const ulong Prime2 = 0xC2B2AE3D27D4EB4FUL;
    private const ulong Prime3 = 0x165667B19E3779F9UL;

    private ulong _state;
    private ulong _length;

    public void Append(ReadOnlySpan<byte> block)
    {
        ulong h = Prime3 ^ (ulong)block.Length;
        int i = 0;
        for (; i + 8 <= block.Length; i += 8)
        {
            ulong word = BinaryPrimitives.ReadUInt64LittleEndian(block[i..]);
            h ^= BitOperations.RotateLeft(word * Prime2, 31) * Prime1;
            h = BitOperations.RotateLeft(h, 27) * Prime1 + Prime3;
        }
        for (; i < block.Length; i++)
        {
            h ^= block[i] * Prime3;
            h = BitOperations.RotateLeft(h, 11) * Prime1;
        }
        _state = Mix(_state * Prime1 + h);
        _length += (ulong)block.Length;
    }

    public readonly ulong Value => Mix(_state ^ _length);

    public static ulong Mix(ulong x)
    {
        x ^= x >> 33;
        x *= Prime2;
        x ^= x >> 29;
        x *= Prime3;
        x ^= x >> 32;
        return x;
    }
}
