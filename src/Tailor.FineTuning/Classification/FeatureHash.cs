using System.Numerics;

namespace Tailor.FineTuning.Classification;

/// <summary>
/// A stable 32-bit hash of UTF-16 text (FNV-1a over code units, then murmur3's finalizer), seeded
/// per feature kind so a word and a character n-gram with the same letters land in different
/// buckets. Stable across processes and machines: saved models depend on it, so it never changes
/// within a model format version.
/// </summary>
internal static class FeatureHash
{
    public const uint WordSeed = 0x57A1_0001;
    public const uint BigramSeed = 0x57A1_0002;
    public const uint TrigramSeed = 0x57A1_0003;
    public const uint CharSeed = 0x57A1_0004;
    public const uint ShapeSeed = 0x57A1_0005;

    public static uint Of(ReadOnlySpan<char> text, uint seed)
    {
        uint h = 2166136261u ^ (seed * 0x9E3779B1u);
        foreach (char c in text)
        {
            h = (h ^ c) * 16777619u;
        }
        return Finalize(h ^ (uint)text.Length);
    }

    /// <summary>Hash of a sequence of two or three word hashes.</summary>
    public static uint Combine(uint a, uint b, uint seed) => Finalize(BitOperations.RotateLeft(a * 0x85EBCA6Bu + seed, 13) ^ (b * 0xC2B2AE35u));

    public static uint Finalize(uint h)
    {
        h ^= h >> 16;
        h *= 0x85EBCA6Bu;
        h ^= h >> 13;
        h *= 0xC2B2AE35u;
        h ^= h >> 16;
        return h;
    }
}
