using System.Buffers.Binary;
using System.Numerics;

namespace Tailor.FineTuning.Classification;

/// <summary>
/// A streaming 64-bit checksum of the model file (an xxHash64-style multiply-rotate mix over
/// 8-byte words, blocks folded in order). Detects damaged or truncated files; not cryptographic.
/// </summary>
internal struct ModelChecksum
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
            h ^= BitOperations.RotateLeft(BinaryPrimitives.ReadUInt64LittleEndian(block[i..]) * Prime2, 31) * Prime1;
            h = BitOperations.RotateLeft(h, 27) * Prime1 + Prime3;
        }
        for (; i < block.Length; i++) h = BitOperations.RotateLeft(h ^ (block[i] * Prime3), 11) * Prime1;
        _state = Mix(_state * Prime1 + h);
        _length += (ulong)block.Length;
    }

    public readonly ulong Value => Mix(_state ^ _length);

    private static ulong Mix(ulong h)
    {
        h ^= h >> 33;
        h *= Prime2;
        h ^= h >> 29;
        h *= Prime3;
        h ^= h >> 32;
        return h;
    }
}
