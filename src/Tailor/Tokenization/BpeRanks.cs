using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Tailor.Tokenization;

/// <summary>
/// A byte-level BPE vocabulary: each byte sequence's merge rank, which is also its token id.
/// Loaded from a standard <c>.tiktoken</c> file (one "base64 rank" pair per line).
/// Lookups take a byte span and allocate nothing.
/// </summary>
public sealed class BpeRanks
{
    private readonly byte[] _bytes;      // all token byte sequences, concatenated
    private readonly int[] _starts;      // by rank: start in _bytes, -1 when the rank is unused
    private readonly int[] _lengths;     // by rank
    private readonly int[] _slots;       // open addressing: rank + 1, 0 = empty
    private readonly int _mask;

    private BpeRanks(byte[] bytes, int[] starts, int[] lengths, int count)
    {
        _bytes = bytes;
        _starts = starts;
        _lengths = lengths;
        Count = count;
        int capacity = 1;
        while (capacity < count * 2) capacity <<= 1;
        _slots = new int[Math.Max(capacity, 16)];
        _mask = _slots.Length - 1;
        for (int rank = 0; rank < starts.Length; rank++)
        {
            if (starts[rank] < 0) continue;
            var key = new ReadOnlySpan<byte>(bytes, starts[rank], lengths[rank]);
            int slot = (int)Hash(key) & _mask;
            while (_slots[slot] != 0)
            {
                int other = _slots[slot] - 1;
                if (key.SequenceEqual(new ReadOnlySpan<byte>(bytes, starts[other], lengths[other])))
                    throw new TailorException($"The vocabulary lists the same token twice (ranks {other} and {rank}); the rank file is corrupt. Delete it and let Tailor download it again, or fix the file.");
                slot = (slot + 1) & _mask;
            }
            _slots[slot] = rank + 1;
        }
        for (int b = 0; b < 256; b++)
        {
            Span<byte> one = [(byte)b];
            if (TryGetRank(one) < 0)
                throw new TailorException($"The vocabulary has no token for the single byte 0x{b:X2}, so some text could not be encoded. Use a complete byte-level BPE rank file.");
        }
    }

    /// <summary>Number of tokens in the vocabulary.</summary>
    public int Count { get; }

    /// <summary>One past the highest rank.</summary>
    public int RankLimit => _starts.Length;

    /// <summary>Returns the rank of <paramref name="token"/>, or -1 when it is not in the vocabulary.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int TryGetRank(ReadOnlySpan<byte> token) => TryGetRank(token, Hash(token));

    /// <summary>As <see cref="TryGetRank(ReadOnlySpan{byte})"/> with the key's <see cref="Hash"/> already computed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int TryGetRank(ReadOnlySpan<byte> token, ulong hash)
    {
        int slot = (int)hash & _mask;
        int[] slots = _slots;
        while (true)
        {
            int entry = slots[slot];
            if (entry == 0) return -1;
            int rank = entry - 1;
            if (_lengths[rank] == token.Length && token.SequenceEqual(new ReadOnlySpan<byte>(_bytes, _starts[rank], token.Length)))
                return rank;
            slot = (slot + 1) & _mask;
        }
    }

    /// <summary>True when <paramref name="rank"/> names a token of this vocabulary.</summary>
    public bool Contains(int rank) => (uint)rank < (uint)_starts.Length && _starts[rank] >= 0;

    /// <summary>The bytes of the token with <paramref name="rank"/>; throws when there is none.</summary>
    public ReadOnlySpan<byte> GetBytes(int rank)
    {
        if (!Contains(rank)) throw new TailorException($"Token id {rank} is not in this vocabulary (ids run from 0 to {_starts.Length - 1}).");
        return new ReadOnlySpan<byte>(_bytes, _starts[rank], _lengths[rank]);
    }

    /// <summary>SHA-256 of a file, lower-case hex, as used to verify downloaded vocabularies.</summary>
    public static string Sha256Hex(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));

    /// <summary>Reads a <c>.tiktoken</c> file; throws <see cref="TailorException"/> naming the file and line when it is malformed.</summary>
    public static BpeRanks Load(string path)
    {
        byte[] content;
        try { content = File.ReadAllBytes(path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TailorException($"Cannot read the vocabulary file {path}: {ex.Message}", ex);
        }
        return Parse(content, path);
    }

    /// <summary>Parses <c>.tiktoken</c> content; <paramref name="source"/> names it in error messages.</summary>
    public static BpeRanks Parse(ReadOnlySpan<byte> content, string source)
    {
        if (TryParse(content, out var ranks, out var error)) return ranks!;
        throw new TailorException($"The vocabulary file {source} is malformed: {error}. Delete it to download a fresh copy, or set TAILOR_TOKENIZER_DIR to a folder with an intact copy.");
    }

    /// <summary>Parses <c>.tiktoken</c> content; on failure <paramref name="error"/> says which line and why.</summary>
    public static bool TryParse(ReadOnlySpan<byte> content, out BpeRanks? ranks, out string? error)
    {
        ranks = null;
        var bytes = new List<byte>(content.Length);
        var entries = new List<(int Rank, int Start, int Length)>(content.Length / 12);
        int maxRank = -1, line = 0;
        Span<byte> decoded = stackalloc byte[256];
        while (!content.IsEmpty)
        {
            line++;
            int nl = content.IndexOf((byte)'\n');
            var text = nl < 0 ? content : content[..nl];
            content = nl < 0 ? default : content[(nl + 1)..];
            if (!text.IsEmpty && text[^1] == (byte)'\r') text = text[..^1];
            if (text.IsEmpty) continue;
            int space = text.IndexOf((byte)' ');
            if (space <= 0 || text[(space + 1)..].IndexOf((byte)' ') >= 0)
            {
                error = $"line {line} is not \"<base64 token> <rank>\"";
                return false;
            }
            var b64 = text[..space];
            if (b64.Length > 340 || System.Buffers.Text.Base64.DecodeFromUtf8(b64, decoded, out int consumed, out int written) != System.Buffers.OperationStatus.Done || consumed != b64.Length || written == 0)
            {
                error = $"line {line} has an invalid base64 token";
                return false;
            }
            if (!System.Buffers.Text.Utf8Parser.TryParse(text[(space + 1)..], out int rank, out int used) || used != text.Length - space - 1 || rank < 0 || rank > 10_000_000)
            {
                error = $"line {line} has an invalid rank (expected a non-negative integer)";
                return false;
            }
            entries.Add((rank, bytes.Count, written));
            for (int i = 0; i < written; i++) bytes.Add(decoded[i]);
            if (rank > maxRank) maxRank = rank;
        }
        if (entries.Count == 0)
        {
            error = "it holds no tokens";
            return false;
        }
        var starts = new int[maxRank + 1];
        var lengths = new int[maxRank + 1];
        Array.Fill(starts, -1);
        foreach (var (rank, start, length) in entries)
        {
            if (starts[rank] >= 0)
            {
                error = $"rank {rank} appears twice";
                return false;
            }
            starts[rank] = start;
            lengths[rank] = length;
        }
        try
        {
            ranks = new BpeRanks(bytes.ToArray(), starts, lengths, entries.Count);
        }
        catch (TailorException ex)
        {
            error = ex.Message;
            return false;
        }
        error = null;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Hash(ReadOnlySpan<byte> key)
    {
        const ulong K = 0x9E3779B97F4A7C15UL;
        ulong h = (ulong)key.Length * K;
        while (key.Length >= 8)
        {
            h = (h ^ BinaryPrimitives.ReadUInt64LittleEndian(key)) * K;
            h ^= h >> 29;
            key = key[8..];
        }
        int r = key.Length;
        ulong tail;
        if (r >= 4) tail = BinaryPrimitives.ReadUInt32LittleEndian(key) | ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(key[(r - 4)..]) << 32);
        else if (r > 0) tail = key[0] | ((ulong)key[r >> 1] << 8) | ((ulong)key[r - 1] << 16);
        else tail = 0;
        h = (h ^ tail) * K;
        return h ^ (h >> 32);
    }
}
