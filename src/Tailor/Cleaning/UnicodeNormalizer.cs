using System.IO.Compression;
using System.Text;

namespace Tailor.Cleaning;

/// <summary>
/// Managed Unicode normalization (NFC, NFKC) from <see cref="NormalizationData"/>, following UAX #15:
/// full decomposition, canonical ordering, canonical composition. A per-character quick check
/// lets text that cannot change (most text) through without work. Thread-safe.
/// </summary>
internal static class UnicodeNormalizer
{
    private const int SBase = 0xAC00, LBase = 0x1100, VBase = 0x1161, TBase = 0x11A7;
    private const int LCount = 19, VCount = 21, TCount = 28, NCount = VCount * TCount, SCount = LCount * NCount;

    private static readonly Lazy<Tables> Data = new(Tables.Load);

    /// <summary>True when no character of <paramref name="text"/> can change under NFC (or NFKC with <paramref name="compatibility"/>).</summary>
    public static bool IsQuickNormalized(ReadOnlySpan<char> text, bool compatibility)
    {
        var tables = Data.Value;
        var bits = compatibility ? tables.QuickNfkc : tables.QuickNfc;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c < 0x80) continue;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                int cp = char.ConvertToUtf32(c, text[++i]);
                if (tables.Ccc.ContainsKey(cp) || tables.Nfd.ContainsKey(cp) || (compatibility && tables.Nfkd.ContainsKey(cp))) return false;
                continue;
            }
            if ((bits[c >> 6] & (1UL << (c & 63))) != 0) return false;
        }
        return true;
    }

    /// <summary>NFC of <paramref name="text"/>, or NFKC with <paramref name="compatibility"/>.</summary>
    public static string Normalize(string text, bool compatibility)
    {
        if (IsQuickNormalized(text, compatibility)) return text;
        var tables = Data.Value;
        var buffer = new List<int>(text.Length + 8);
        Decompose(text, compatibility, tables, buffer);
        Reorder(buffer, tables);
        int length = Compose(buffer, tables);
        var sb = new StringBuilder(length + 4);
        for (int i = 0; i < length; i++)
        {
            int cp = buffer[i];
            if (cp < 0x10000) sb.Append((char)cp);
            else sb.Append(char.ConvertFromUtf32(cp));
        }
        return sb.ToString();
    }

    private static void Decompose(string text, bool compatibility, Tables tables, List<int> output)
    {
        for (int i = 0; i < text.Length; i++)
        {
            int cp = text[i];
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                cp = char.ConvertToUtf32(text[i], text[++i]);
            if (cp < 0xA0) { output.Add(cp); continue; }
            int s = cp - SBase;
            if ((uint)s < SCount)
            {
                output.Add(LBase + s / NCount);
                output.Add(VBase + s % NCount / TCount);
                if (s % TCount != 0) output.Add(TBase + s % TCount);
                continue;
            }
            if (compatibility && tables.Nfkd.TryGetValue(cp, out var k)) output.AddRange(k);
            else if (tables.Nfd.TryGetValue(cp, out var d)) output.AddRange(d);
            else output.Add(cp);
        }
    }

    /// <summary>Canonical ordering: stable sort of each run of non-starters by combining class.</summary>
    private static void Reorder(List<int> buffer, Tables tables)
    {
        for (int i = 1; i < buffer.Count; i++)
        {
            int cc = Ccc(buffer[i], tables);
            if (cc == 0) continue;
            int j = i;
            int cp = buffer[i];
            while (j > 0 && Ccc(buffer[j - 1], tables) > cc)
            {
                buffer[j] = buffer[j - 1];
                j--;
            }
            buffer[j] = cp;
        }
    }

    /// <summary>Canonical composition in place (UAX #15 sample algorithm); returns the new length.</summary>
    private static int Compose(List<int> buffer, Tables tables)
    {
        if (buffer.Count == 0) return 0;
        int starterPos = 0;
        int starter = buffer[0];
        int lastClass = Ccc(starter, tables);
        if (lastClass != 0) lastClass = 256; // a leading non-starter blocks everything after it
        int write = 1;
        for (int read = 1; read < buffer.Count; read++)
        {
            int ch = buffer[read];
            int chClass = Ccc(ch, tables);
            if ((lastClass < chClass || lastClass == 0) && TryCompose(starter, ch, tables, out int composite))
            {
                buffer[starterPos] = composite;
                starter = composite;
                continue;
            }
            if (chClass == 0)
            {
                starterPos = write;
                starter = ch;
            }
            lastClass = chClass;
            buffer[write++] = ch;
        }
        return write;
    }

    private static bool TryCompose(int first, int second, Tables tables, out int composite)
    {
        int l = first - LBase, v = second - VBase;
        if ((uint)l < LCount && (uint)v < VCount)
        {
            composite = SBase + (l * VCount + v) * TCount;
            return true;
        }
        int s = first - SBase, t = second - TBase;
        if ((uint)s < SCount && s % TCount == 0 && t > 0 && t < TCount)
        {
            composite = first + t;
            return true;
        }
        return tables.Compose.TryGetValue(((long)first << 21) | (uint)second, out composite);
    }

    private static int Ccc(int cp, Tables tables) => cp < 0x300 ? 0 : tables.Ccc.TryGetValue(cp, out byte c) ? c : 0;

    private sealed class Tables
    {
        public readonly Dictionary<int, byte> Ccc = new();
        public readonly Dictionary<int, int[]> Nfd = new();
        public readonly Dictionary<int, int[]> Nfkd = new();
        public readonly Dictionary<long, int> Compose = new();
        public readonly ulong[] QuickNfc = new ulong[1024];
        public readonly ulong[] QuickNfkc = new ulong[1024];

        public static Tables Load()
        {
            var bytes = Inflate(Convert.FromBase64String(NormalizationData.Compressed));
            int pos = 0;
            int Next()
            {
                int value = bytes[pos] | bytes[pos + 1] << 8 | bytes[pos + 2] << 16;
                pos += 3;
                return value;
            }
            var t = new Tables();
            for (int n = Next(); n > 0; n--) t.Ccc[Next()] = (byte)Next();
            foreach (var table in new[] { t.Nfd, t.Nfkd })
            {
                for (int n = Next(); n > 0; n--)
                {
                    int cp = Next();
                    var seq = new int[Next()];
                    for (int i = 0; i < seq.Length; i++) seq[i] = Next();
                    table[cp] = seq;
                }
            }
            var composites = new HashSet<int>();
            for (int n = Next(); n > 0; n--)
            {
                int a = Next(), b = Next(), c = Next();
                t.Compose[((long)a << 21) | (uint)b] = c;
                composites.Add(c);
                Mark(t.QuickNfc, b);
                Mark(t.QuickNfkc, b);
            }
            foreach (var cp in t.Ccc.Keys) { Mark(t.QuickNfc, cp); Mark(t.QuickNfkc, cp); }
            foreach (var cp in t.Nfd.Keys)
            {
                if (!composites.Contains(cp)) Mark(t.QuickNfc, cp);
                if (!composites.Contains(cp)) Mark(t.QuickNfkc, cp);
            }
            foreach (var (cp, seq) in t.Nfkd)
            {
                Mark(t.QuickNfkc, cp);
            }
            // Hangul vowels and trailing consonants compose with a preceding syllable or leading consonant
            for (int cp = VBase; cp < VBase + VCount; cp++) { Mark(t.QuickNfc, cp); Mark(t.QuickNfkc, cp); }
            for (int cp = TBase + 1; cp < TBase + TCount; cp++) { Mark(t.QuickNfc, cp); Mark(t.QuickNfkc, cp); }
            // precomposed characters whose decomposition holds compatibility characters change under NFKC
            foreach (var (cp, seq) in t.Nfd)
            {
                foreach (int part in seq)
                {
                    if (t.Nfkd.ContainsKey(part)) { Mark(t.QuickNfkc, cp); break; }
                }
            }
            return t;
        }

        private static void Mark(ulong[] bits, int cp)
        {
            if (cp < 0x10000) bits[cp >> 6] |= 1UL << (cp & 63);
        }

        private static byte[] Inflate(byte[] compressed)
        {
            using var input = new MemoryStream(compressed);
            using var z = new ZLibStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            z.CopyTo(output);
            return output.ToArray();
        }
    }
}
