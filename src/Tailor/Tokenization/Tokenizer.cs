using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Tailor.Tokenization;

/// <summary>
/// A tiktoken-compatible byte-level BPE tokenizer (cl100k_base, o200k_base, or any encoding
/// given its pattern and rank file). Token-for-token identical to tiktoken's
/// <c>encode_ordinary</c>; thread-safe; allocates nothing per token on the encode path.
/// Text with lone UTF-16 surrogates is encoded as if each were U+FFFD, as tiktoken does.
/// </summary>
public sealed class Tokenizer : ITokenCounter
{
    private enum Scanner { Cl100k, O200k, Regex }

    private const int StackBytes = 1024;

    private readonly BpeRanks _ranks;
    private readonly Scanner _scanner;
    private readonly RegexPreTokenizer? _regex;
    private readonly PieceCache _cache = new();
    private readonly Dictionary<int, byte[]> _specialBytes = [];

    public Tokenizer(TokenEncoding encoding, BpeRanks ranks)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        ArgumentNullException.ThrowIfNull(ranks);
        Encoding = encoding;
        _ranks = ranks;
        if (encoding.Pattern == TokenEncoding.Cl100kBase.Pattern) _scanner = Scanner.Cl100k;
        else if (encoding.Pattern == TokenEncoding.O200kBase.Pattern) _scanner = Scanner.O200k;
        else
        {
            _scanner = Scanner.Regex;
            _regex = new RegexPreTokenizer(encoding.Pattern);
        }
        foreach (var (text, id) in encoding.SpecialTokens)
        {
            if (ranks.Contains(id))
                throw new TailorException($"Special token {text} of {encoding.Name} has id {id}, which the rank file already uses for an ordinary token; the rank file does not belong to this encoding.");
            _specialBytes[id] = System.Text.Encoding.UTF8.GetBytes(text);
        }
    }

    /// <summary>Loads the rank file at <paramref name="rankFile"/> for <paramref name="encoding"/>.</summary>
    public static Tokenizer Load(TokenEncoding encoding, string rankFile) => new(encoding, BpeRanks.Load(rankFile));

    /// <summary>The encoding this tokenizer implements.</summary>
    public TokenEncoding Encoding { get; }

    /// <summary>The encoding's name, e.g. "cl100k_base".</summary>
    public string Name => Encoding.Name;

    /// <summary>The vocabulary (ordinary tokens).</summary>
    public BpeRanks Ranks => _ranks;

    /// <summary>Special token strings and their ids.</summary>
    public IReadOnlyDictionary<string, int> SpecialTokens => Encoding.SpecialTokens;

    // ---- encoding without special tokens ----

    /// <summary>Token ids of <paramref name="text"/>; special-token strings are treated as ordinary text (tiktoken's encode_ordinary).</summary>
    public int[] EncodeOrdinary(ReadOnlySpan<char> text)
    {
        var list = new List<int>(text.Length / 3 + 4);
        EncodeOrdinary(text, list);
        return list.ToArray();
    }

    /// <summary>Appends the token ids of <paramref name="text"/> to <paramref name="tokens"/>.</summary>
    public void EncodeOrdinary(ReadOnlySpan<char> text, List<int> tokens)
    {
        var sink = new ListSink(tokens);
        EncodeChars(text, ref sink);
    }

    /// <summary>
    /// Writes the token ids into <paramref name="destination"/>. Returns false when it is too
    /// small; <paramref name="written"/> is then the size needed.
    /// </summary>
    public bool TryEncodeOrdinary(ReadOnlySpan<char> text, Span<int> destination, out int written)
    {
        var sink = new SpanSink(destination);
        EncodeChars(text, ref sink);
        written = sink.Count;
        return sink.Count <= destination.Length;
    }

    /// <summary>Appends the token ids of UTF-8 text; invalid UTF-8 is first replaced by U+FFFD per maximal invalid subsequence.</summary>
    public void EncodeOrdinaryUtf8(ReadOnlySpan<byte> utf8, List<int> tokens)
    {
        var sink = new ListSink(tokens);
        EncodeBytes(utf8, ref sink);
    }

    /// <summary>Number of tokens in <paramref name="text"/> (ordinary encoding).</summary>
    public int CountTokens(ReadOnlySpan<char> text)
    {
        var sink = new CountingSink();
        EncodeChars(text, ref sink);
        return sink.Count;
    }

    /// <summary>Number of tokens in UTF-8 text (ordinary encoding).</summary>
    public int CountTokensUtf8(ReadOnlySpan<byte> utf8)
    {
        var sink = new CountingSink();
        EncodeBytes(utf8, ref sink);
        return sink.Count;
    }

    // ---- encoding with special tokens ----

    /// <summary>
    /// Token ids of <paramref name="text"/> where occurrences of the special tokens in
    /// <paramref name="allowedSpecial"/> become their ids; every other special-token string is
    /// ordinary text.
    /// </summary>
    public int[] Encode(ReadOnlySpan<char> text, IReadOnlySet<string> allowedSpecial)
    {
        var list = new List<int>(text.Length / 3 + 4);
        Encode(text, allowedSpecial, list);
        return list.ToArray();
    }

    /// <summary>Appends the token ids of <paramref name="text"/>, recognizing the allowed special tokens.</summary>
    public void Encode(ReadOnlySpan<char> text, IReadOnlySet<string> allowedSpecial, List<int> tokens)
    {
        ArgumentNullException.ThrowIfNull(allowedSpecial);
        foreach (var s in allowedSpecial)
        {
            if (!Encoding.SpecialTokens.ContainsKey(s))
                throw new TailorException($"'{s}' is not a special token of {Name}. Its special tokens are: {string.Join(", ", Encoding.SpecialTokens.Keys)}.");
        }
        var sink = new ListSink(tokens);
        var specials = new string[allowedSpecial.Count];
        int n = 0;
        foreach (var s in allowedSpecial) specials[n++] = s;
        var next = new int[specials.Length]; // where each occurs next in text; -1 = nowhere
        for (int k = 0; k < specials.Length; k++) next[k] = text.IndexOf(specials[k], StringComparison.Ordinal);
        int offset = 0;
        while (true)
        {
            int best = -1;
            for (int k = 0; k < specials.Length; k++)
            {
                if (next[k] < 0) continue;
                if (next[k] < offset) // overlapped by an earlier match: search again past it
                {
                    int again = text[offset..].IndexOf(specials[k], StringComparison.Ordinal);
                    next[k] = again < 0 ? -1 : offset + again;
                    if (next[k] < 0) continue;
                }
                if (best < 0 || next[k] < next[best] || (next[k] == next[best] && specials[k].Length > specials[best].Length)) best = k;
            }
            if (best < 0)
            {
                EncodeChars(text[offset..], ref sink);
                return;
            }
            EncodeChars(text[offset..next[best]], ref sink);
            tokens.Add(Encoding.SpecialTokens[specials[best]]);
            offset = next[best] + specials[best].Length;
        }
    }

    /// <summary>All special token strings, for <see cref="Encode(ReadOnlySpan{char}, IReadOnlySet{string})"/>.</summary>
    public IReadOnlySet<string> AllSpecialTokens => _allSpecial ??= new HashSet<string>(Encoding.SpecialTokens.Keys, StringComparer.Ordinal);

    private HashSet<string>? _allSpecial;

    // ---- decoding ----

    /// <summary>The bytes of the tokens, concatenated. Throws <see cref="TailorException"/> for an unknown id.</summary>
    public byte[] DecodeBytes(ReadOnlySpan<int> tokens)
    {
        int length = 0;
        foreach (int t in tokens) length += TokenBytes(t).Length;
        var result = new byte[length];
        int at = 0;
        foreach (int t in tokens)
        {
            var b = TokenBytes(t);
            b.CopyTo(result.AsSpan(at));
            at += b.Length;
        }
        return result;
    }

    /// <summary>The text of the tokens; byte sequences that are not valid UTF-8 become U+FFFD, as in tiktoken's decode.</summary>
    public string Decode(ReadOnlySpan<int> tokens) => System.Text.Encoding.UTF8.GetString(DecodeBytes(tokens));

    /// <summary>The bytes of one token (ordinary or special).</summary>
    public ReadOnlySpan<byte> TokenBytes(int token)
    {
        if (_ranks.Contains(token)) return _ranks.GetBytes(token);
        if (_specialBytes.TryGetValue(token, out var special)) return special;
        throw new TailorException($"Token id {token} is not part of {Name}; the ids were not produced by this encoding.");
    }

    // ---- the encoder ----

    private void EncodeChars<TSink>(scoped ReadOnlySpan<char> text, ref TSink sink) where TSink : ITokenSink, allows ref struct
    {
        if (text.IsEmpty) return;
        int max = text.Length * 3; // UTF-8 bytes per UTF-16 code unit, lone surrogates become 3-byte U+FFFD
        byte[]? rented = null;
        Span<byte> buffer = max <= StackBytes ? stackalloc byte[StackBytes] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            int n = System.Text.Encoding.UTF8.GetBytes(text, buffer);
            EncodeValidUtf8(buffer[..n], ref sink);
        }
        finally
        {
            if (rented != null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private void EncodeBytes<TSink>(scoped ReadOnlySpan<byte> utf8, ref TSink sink) where TSink : ITokenSink, allows ref struct
    {
        if (Utf8.IsValid(utf8)) EncodeValidUtf8(utf8, ref sink);
        else EncodeChars(System.Text.Encoding.UTF8.GetString(utf8), ref sink);
    }

    private void EncodeValidUtf8<TSink>(scoped ReadOnlySpan<byte> s, ref TSink sink) where TSink : ITokenSink, allows ref struct
    {
        Span<int> scratch = stackalloc int[PieceCache.MaxPieceBytes];
        switch (_scanner)
        {
            case Scanner.Cl100k:
                for (int i = 0, end; i < s.Length; i = end)
                {
                    end = PieceScanner.NextCl100k(s, i);
                    EncodePiece(s[i..end], ref sink, scratch);
                }
                break;
            case Scanner.O200k:
                for (int i = 0, end; i < s.Length; i = end)
                {
                    end = PieceScanner.NextO200k(s, i);
                    EncodePiece(s[i..end], ref sink, scratch);
                }
                break;
            default:
                EncodeWithRegex(s, ref sink, scratch);
                break;
        }
    }

    private void EncodeWithRegex<TSink>(scoped ReadOnlySpan<byte> s, ref TSink sink, scoped Span<int> scratch) where TSink : ITokenSink, allows ref struct
    {
        string text = System.Text.Encoding.UTF8.GetString(s);
        foreach (var (start, length) in _regex!.Split(text))
        {
            byte[] piece = System.Text.Encoding.UTF8.GetBytes(text, start, length);
            EncodePiece(piece, ref sink, scratch);
        }
    }

    private void EncodePiece<TSink>(scoped ReadOnlySpan<byte> piece, ref TSink sink, scoped Span<int> scratch) where TSink : ITokenSink, allows ref struct
    {
        ulong hash = BpeRanks.Hash(piece);
        int rank = _ranks.TryGetRank(piece, hash);
        if (rank >= 0)
        {
            sink.Add(rank);
            return;
        }
        var cached = _cache.TryGet(hash, piece);
        if (!cached.IsEmpty)
        {
            foreach (int t in cached) sink.Add(t);
            return;
        }
        int[]? rented = null;
        Span<int> output = piece.Length <= scratch.Length ? scratch : (rented = ArrayPool<int>.Shared.Rent(piece.Length));
        try
        {
            int count = BytePairMerger.Merge(_ranks, piece, output);
            for (int k = 0; k < count; k++) sink.Add(output[k]);
            _cache.Add(hash, piece, output[..count]);
        }
        finally
        {
            if (rented != null) ArrayPool<int>.Shared.Return(rented);
        }
    }
}
