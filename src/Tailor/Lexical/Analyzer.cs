using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Tailor.Lexical;

/// <summary>
/// Turns text into index terms: Unicode-aware word splitting, invariant lowercasing, optional
/// English stopword removal and Porter2 stemming. Words keep inner apostrophes ("don't"), inner
/// underscores ("x86_64") and decimal points between digits ("3.14"); hyphens and other
/// punctuation split words ("e-mail" → "e", "mail"); Chinese and Japanese characters are one term
/// each. Terms are interned through a bounded cache, so analyzing allocates little. Thread-safe.
/// </summary>
public sealed class Analyzer
{
    /// <summary>Words longer than this (in UTF-16 units) are dropped: they are almost always junk (hashes, base64).</summary>
    public const int MaxWordLength = 64;

    private const int MaxCacheEntries = 1 << 18;

    private readonly bool _stem;
    private readonly bool _removeStopwords;
    private readonly ConcurrentDictionary<string, string> _cache = new(); // default comparer: ordinal, with fast non-randomized hashing
    private readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private int _cacheCount;

    /// <summary>Creates an analyzer for the given (validated) options.</summary>
    public Analyzer(LexicalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        bool english = options.Language == "english";
        _stem = english && options.Stem;
        _removeStopwords = english && options.RemoveStopwords;
        _lookup = _cache.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The options this analyzer was built with.</summary>
    public LexicalOptions Options { get; }

    /// <summary>Returns the terms of <paramref name="text"/> in order.</summary>
    public List<string> Analyze(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var terms = new List<string>();
        Analyze(text, terms);
        return terms;
    }

    /// <summary>Appends the terms of <paramref name="text"/> to <paramref name="terms"/> in order.</summary>
    public void Analyze(ReadOnlySpan<char> text, List<string> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        Span<char> word = stackalloc char[MaxWordLength + 2];
        int len = 0;
        bool tooLong = false;
        bool lastIsDigit = false;
        int pos = 0;
        while (pos < text.Length)
        {
            char c = text[pos];
            if (c < 0x80)
            {
                if (char.IsAsciiLetter(c) || char.IsAsciiDigit(c))
                {
                    if (len < MaxWordLength) word[len++] = (char)(c | (char.IsAsciiLetter(c) ? 0x20 : 0));
                    else tooLong = true;
                    lastIsDigit = char.IsAsciiDigit(c);
                    pos++;
                    continue;
                }
                if (len > 0 && c is '\'' or '_' or '.' && TryJoin(text, pos + 1, c, lastIsDigit, word, ref len))
                {
                    pos++;
                    continue;
                }
                Flush(word, ref len, ref tooLong, terms);
                pos++;
                continue;
            }

            if (Rune.DecodeFromUtf16(text[pos..], out Rune rune, out int size) != OperationStatus.Done)
            {
                Flush(word, ref len, ref tooLong, terms);
                pos += Math.Max(size, 1);
                continue;
            }
            switch (Classify(rune))
            {
                case CharKind.Letter:
                case CharKind.Digit:
                case CharKind.Mark when len > 0:
                    AppendLower(rune, word, ref len, ref tooLong);
                    lastIsDigit = Rune.IsDigit(rune);
                    break;
                case CharKind.Ideograph:
                    Flush(word, ref len, ref tooLong, terms);
                    AppendLower(rune, word, ref len, ref tooLong);
                    Flush(word, ref len, ref tooLong, terms);
                    break;
                default:
                    if (len > 0 && rune.Value == '\u2019' && TryJoin(text, pos + size, '\'', lastIsDigit, word, ref len)) break;
                    Flush(word, ref len, ref tooLong, terms);
                    break;
            }
            pos += size;
        }
        Flush(word, ref len, ref tooLong, terms);
    }

    private enum CharKind { Other, Letter, Digit, Mark, Ideograph }

    private static CharKind Classify(Rune rune)
    {
        int v = rune.Value;
        if (v is >= 0x3040 and <= 0x30FF or >= 0x3400 and <= 0x4DBF or >= 0x4E00 and <= 0x9FFF or >= 0xF900 and <= 0xFAFF or >= 0x20000 and <= 0x2FFFF)
        {
            return CharKind.Ideograph;
        }
        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.LetterNumber => CharKind.Letter,
            UnicodeCategory.DecimalDigitNumber => CharKind.Digit,
            UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark => CharKind.Mark,
            _ => CharKind.Other,
        };
    }

    /// <summary>Joins a word across an inner apostrophe (between letters), underscore (before a word character) or point (between digits).</summary>
    private static bool TryJoin(ReadOnlySpan<char> text, int next, char joiner, bool lastIsDigit, Span<char> word, ref int len)
    {
        if (next >= text.Length || len >= MaxWordLength) return false;
        if (Rune.DecodeFromUtf16(text[next..], out Rune rune, out _) != OperationStatus.Done) return false;
        var kind = Classify(rune);
        bool join = joiner switch
        {
            '\'' => !lastIsDigit && kind == CharKind.Letter,
            '_' => kind is CharKind.Letter or CharKind.Digit,
            _ => lastIsDigit && kind == CharKind.Digit,
        };
        if (join) word[len++] = joiner;
        return join;
    }

    private static void AppendLower(Rune rune, Span<char> word, ref int len, ref bool tooLong)
    {
        var lower = Rune.ToLowerInvariant(rune);
        if (len + lower.Utf16SequenceLength > MaxWordLength)
        {
            tooLong = true;
            return;
        }
        len += lower.EncodeToUtf16(word[len..]);
    }

    private void Flush(Span<char> word, ref int len, ref bool tooLong, List<string> terms)
    {
        if (len > 0 && !tooLong)
        {
            var surface = word[..len];
            if (!_lookup.TryGetValue(surface, out var term)) term = AnalyzeWord(surface);
            if (term.Length > 0) terms.Add(term);
        }
        len = 0;
        tooLong = false;
    }

    /// <summary>The term for one lowercase word ("" for a stopword), cached while the cache has room.</summary>
    private string AnalyzeWord(ReadOnlySpan<char> surface)
    {
        string key = new(surface);
        string term;
        if (_removeStopwords && EnglishStopwords.Contains(surface))
        {
            term = "";
        }
        else
        {
            Span<char> buffer = stackalloc char[surface.Length];
            surface.CopyTo(buffer);
            int length = buffer.Length;
            if (_stem && IsAsciiWord(buffer)) length = EnglishStemmer.Stem(buffer);
            else length = StripPossessive(buffer);
            term = buffer[..length].SequenceEqual(surface) ? key : new string(buffer[..length]);
        }
        if (Volatile.Read(ref _cacheCount) < MaxCacheEntries && _cache.TryAdd(key, term)) Interlocked.Increment(ref _cacheCount);
        return term;
    }

    private static bool IsAsciiWord(ReadOnlySpan<char> word)
    {
        foreach (char c in word)
        {
            if (c is not (>= 'a' and <= 'z' or '\'')) return false;
        }
        return true;
    }

    private static int StripPossessive(ReadOnlySpan<char> word)
    {
        if (word.EndsWith("'s")) return word.Length - 2;
        return word.Length;
    }
}
