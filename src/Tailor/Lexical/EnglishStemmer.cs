namespace Tailor.Lexical;

/// <summary>
/// The Snowball English stemmer ("Porter2", the revision of Porter's 1980 algorithm), working in
/// place on a lowercase word of ASCII letters and apostrophes. Stems never grow, so a caller can
/// stem into the buffer that holds the word.
/// </summary>
public static class EnglishStemmer
{
    /// <summary>Returns the stem of a lowercase word.</summary>
    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length > 256) return word;
        Span<char> buffer = stackalloc char[word.Length];
        word.AsSpan().CopyTo(buffer);
        int length = Stem(buffer);
        return buffer[..length].SequenceEqual(word) ? word : new string(buffer[..length]);
    }

    /// <summary>Stems the lowercase word held in <paramref name="word"/> in place and returns the stem's length.</summary>
    public static int Stem(Span<char> word)
    {
        int len = word.Length;
        if (TryException1(word, ref len)) return len;
        if (len < 3) return len;

        if (word[0] == '\'')
        {
            word[1..len].CopyTo(word);
            len--;
        }

        bool yFound = false;
        if (len > 0 && word[0] == 'y') { word[0] = 'Y'; yFound = true; }
        for (int i = 1; i < len; i++)
        {
            if (word[i] == 'y' && IsVowel(word[i - 1])) { word[i] = 'Y'; yFound = true; }
        }

        int p1 = MarkRegion1(word[..len]);
        int p2 = AfterVowelThenConsonant(word[..len], p1);

        Step1A(word, ref len);
        if (!IsException2(word[..len]))
        {
            Step1B(word, ref len, p1);
            Step1C(word, len);
            Step2(word, ref len, p1);
            Step3(word, ref len, p1, p2);
            Step4(word, ref len, p2);
            Step5(word, ref len, p1, p2);
        }

        if (yFound)
        {
            for (int i = 0; i < len; i++)
            {
                if (word[i] == 'Y') word[i] = 'y';
            }
        }
        return len;
    }

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';

    private static bool IsVowelOrWxY(char c) => IsVowel(c) || c is 'w' or 'x' or 'Y';

    private static bool IsValidLiEnding(char c) => c is 'c' or 'd' or 'e' or 'g' or 'h' or 'k' or 'm' or 'n' or 'r' or 't';

    private static bool EndsWith(Span<char> w, int len, string suffix) =>
        len >= suffix.Length && w.Slice(len - suffix.Length, suffix.Length).SequenceEqual(suffix);

    /// <summary>Replaces the tail starting at <paramref name="start"/> with <paramref name="replacement"/>.</summary>
    private static void Replace(Span<char> w, ref int len, int start, string replacement)
    {
        replacement.AsSpan().CopyTo(w[start..]);
        len = start + replacement.Length;
    }

    private static bool ContainsVowel(ReadOnlySpan<char> w)
    {
        foreach (char c in w)
        {
            if (IsVowel(c)) return true;
        }
        return false;
    }

    private static int MarkRegion1(Span<char> w)
    {
        if (w.StartsWith("gener") || w.StartsWith("arsen")) return 5;
        if (w.StartsWith("commun")) return 6;
        return AfterVowelThenConsonant(w, 0);
    }

    /// <summary>The position after the first non-vowel that follows a vowel, searching from <paramref name="start"/>; the length when there is none.</summary>
    private static int AfterVowelThenConsonant(Span<char> w, int start)
    {
        int i = start;
        while (i < w.Length && !IsVowel(w[i])) i++;
        while (i < w.Length && IsVowel(w[i])) i++;
        return i < w.Length ? i + 1 : w.Length;
    }

    /// <summary>Whether the word <c>w[..len]</c> ends in a short syllable.</summary>
    private static bool EndsInShortSyllable(Span<char> w, int len)
    {
        if (len >= 3) return !IsVowel(w[len - 3]) && IsVowel(w[len - 2]) && !IsVowelOrWxY(w[len - 1]);
        return len == 2 && IsVowel(w[0]) && !IsVowel(w[1]);
    }

    private static void Step1A(Span<char> w, ref int len)
    {
        if (EndsWith(w, len, "'s'")) len -= 3;
        else if (EndsWith(w, len, "'s")) len -= 2;
        else if (EndsWith(w, len, "'")) len -= 1;

        if (EndsWith(w, len, "sses")) len -= 2;
        else if (EndsWith(w, len, "ied") || EndsWith(w, len, "ies")) len -= len - 3 >= 2 ? 2 : 1;
        else if (EndsWith(w, len, "us") || EndsWith(w, len, "ss")) { }
        else if (EndsWith(w, len, "s") && len >= 2 && ContainsVowel(w[..(len - 2)])) len -= 1;
    }

    private static void Step1B(Span<char> w, ref int len, int p1)
    {
        int start;
        bool eed;
        if (EndsWith(w, len, "eedly")) { start = len - 5; eed = true; }
        else if (EndsWith(w, len, "ingly")) { start = len - 5; eed = false; }
        else if (EndsWith(w, len, "edly")) { start = len - 4; eed = false; }
        else if (EndsWith(w, len, "eed")) { start = len - 3; eed = true; }
        else if (EndsWith(w, len, "ing")) { start = len - 3; eed = false; }
        else if (EndsWith(w, len, "ed")) { start = len - 2; eed = false; }
        else return;

        if (eed)
        {
            if (start >= p1) Replace(w, ref len, start, "ee");
            return;
        }
        if (!ContainsVowel(w[..start])) return;
        len = start;
        if (EndsWith(w, len, "at") || EndsWith(w, len, "bl") || EndsWith(w, len, "iz"))
        {
            w[len++] = 'e';
        }
        else if (len >= 2 && w[len - 1] == w[len - 2] && w[len - 1] is 'b' or 'd' or 'f' or 'g' or 'm' or 'n' or 'p' or 'r' or 't')
        {
            len--;
        }
        else if (p1 == len && EndsInShortSyllable(w, len))
        {
            w[len++] = 'e';
        }
    }

    private static void Step1C(Span<char> w, int len)
    {
        if (len >= 3 && w[len - 1] is 'y' or 'Y' && !IsVowel(w[len - 2])) w[len - 1] = 'i';
    }

    private static void Step2(Span<char> w, ref int len, int p1)
    {
        foreach (var (suffix, replacement) in Step2Rules)
        {
            if (!EndsWith(w, len, suffix)) continue;
            int start = len - suffix.Length;
            if (start < p1) return;
            if (suffix == "ogi")
            {
                if (start > 0 && w[start - 1] == 'l') Replace(w, ref len, start, replacement);
            }
            else if (suffix == "li")
            {
                if (start > 0 && IsValidLiEnding(w[start - 1])) len = start;
            }
            else
            {
                Replace(w, ref len, start, replacement);
            }
            return;
        }
    }

    private static void Step3(Span<char> w, ref int len, int p1, int p2)
    {
        foreach (var (suffix, replacement) in Step3Rules)
        {
            if (!EndsWith(w, len, suffix)) continue;
            int start = len - suffix.Length;
            if (start < p1) return;
            if (suffix == "ative")
            {
                if (start >= p2) len = start;
            }
            else
            {
                Replace(w, ref len, start, replacement);
            }
            return;
        }
    }

    private static void Step4(Span<char> w, ref int len, int p2)
    {
        foreach (var suffix in Step4Suffixes)
        {
            if (!EndsWith(w, len, suffix)) continue;
            int start = len - suffix.Length;
            if (start < p2) return;
            if (suffix == "ion")
            {
                if (start > 0 && w[start - 1] is 's' or 't') len = start;
            }
            else
            {
                len = start;
            }
            return;
        }
    }

    private static void Step5(Span<char> w, ref int len, int p1, int p2)
    {
        if (len == 0) return;
        int start = len - 1;
        if (w[start] == 'e')
        {
            if (start >= p2 || (start >= p1 && !EndsInShortSyllable(w, start))) len = start;
        }
        else if (w[start] == 'l')
        {
            if (start >= p2 && start > 0 && w[start - 1] == 'l') len = start;
        }
    }

    private static bool TryException1(Span<char> w, ref int len)
    {
        string? stem = w switch
        {
            "skis" => "ski",
            "skies" => "sky",
            "dying" => "die",
            "lying" => "lie",
            "tying" => "tie",
            "idly" => "idl",
            "gently" => "gentl",
            "ugly" => "ugli",
            "early" => "earli",
            "only" => "onli",
            "singly" => "singl",
            "sky" or "news" or "howe" or "atlas" or "cosmos" or "bias" or "andes" => "",
            _ => null,
        };
        if (stem is null) return false;
        if (stem.Length > 0) Replace(w, ref len, 0, stem);
        return true;
    }

    private static bool IsException2(Span<char> w) => w switch
    {
        "inning" or "outing" or "canning" or "herring" or "earring" or "proceed" or "exceed" or "succeed" => true,
        _ => false,
    };

    // Longest suffixes first, so the first match is the longest, as Snowball's `among` requires.
    private static readonly (string Suffix, string Replacement)[] Step2Rules =
    [
        ("ational", "ate"), ("fulness", "ful"), ("iveness", "ive"), ("ization", "ize"), ("ousness", "ous"),
        ("tional", "tion"), ("biliti", "ble"), ("lessli", "less"),
        ("entli", "ent"), ("ation", "ate"), ("alism", "al"), ("aliti", "al"), ("ousli", "ous"), ("iviti", "ive"), ("fulli", "ful"),
        ("enci", "ence"), ("anci", "ance"), ("abli", "able"), ("izer", "ize"), ("ator", "ate"), ("alli", "al"),
        ("bli", "ble"), ("ogi", "og"),
        ("li", ""),
    ];

    private static readonly (string Suffix, string Replacement)[] Step3Rules =
    [
        ("ational", "ate"),
        ("tional", "tion"),
        ("alize", "al"), ("icate", "ic"), ("iciti", "ic"), ("ative", ""),
        ("ical", "ic"), ("ness", ""),
        ("ful", ""),
    ];

    private static readonly string[] Step4Suffixes =
    [
        "ement",
        "ance", "ence", "able", "ible", "ment",
        "ant", "ent", "ism", "ate", "iti", "ous", "ive", "ize", "ion",
        "al", "er", "ic",
    ];
}
