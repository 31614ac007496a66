using System.Globalization;
using Tailor.Retrieval;

namespace Tailor.Answering;

/// <summary>
/// Reads a renumbered answer sentence by sentence: each marker [n] becomes a <see cref="Citation"/>
/// whose quote is the sentence of the cited chunk most like the claim (the answer sentence without
/// its markers), compared by shared analyzed terms; sentences with no marker are reported as uncited.
/// A marker written after the sentence's full stop ("Claim. [1]") belongs to that sentence.
/// </summary>
public sealed class CitationChecker
{
    private readonly Func<string, IReadOnlyList<string>> _analyze;

    /// <param name="analyze">The term function claims and chunk sentences are compared with (the knowledge base's analyzer).</param>
    public CitationChecker(Func<string, IReadOnlyList<string>> analyze)
    {
        ArgumentNullException.ThrowIfNull(analyze);
        _analyze = analyze;
    }

    /// <summary>Citations of <paramref name="text"/> in order of appearance, and its uncited sentences.</summary>
    /// <param name="text">The answer, its markers already renumbered.</param>
    /// <param name="cited">Source k (1-based, as numbered in <paramref name="text"/>) is <c>cited[k - 1]</c>.</param>
    public (IReadOnlyList<Citation> Citations, IReadOnlyList<string> Uncited) Check(string text, IReadOnlyList<Hit> cited)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(cited);
        var citations = new List<Citation>();
        var seen = new HashSet<(int, string)>();
        var uncited = new List<string>();
        var quoteCache = new Dictionary<int, List<(string Quote, HashSet<string> Terms)>>();
        foreach (var sentence in Sentences(text))
        {
            var numbers = Markers(sentence, out string claim);
            if (numbers.Count == 0)
            {
                if (claim.Any(char.IsLetterOrDigit)) uncited.Add(claim);
                continue;
            }
            var claimTerms = new HashSet<string>(_analyze(claim), StringComparer.Ordinal);
            foreach (int n in numbers)
            {
                if (n < 1 || n > cited.Count) continue; // cannot happen after renumbering; never trust it blindly
                var hit = cited[n - 1];
                if (!quoteCache.TryGetValue(n, out var units)) quoteCache[n] = units = Units(hit.Text);
                var quote = BestQuote(claimTerms, units) ?? hit.Text.Trim();
                if (seen.Add((n, quote))) citations.Add(new Citation(n, hit.DocumentId, hit.Source, hit.Link, quote));
            }
        }
        return (citations, uncited);
    }

    /// <summary>Sentences of the answer, each line on its own, markers after a full stop moved back to their sentence.</summary>
    internal static List<string> Sentences(string text)
    {
        var sentences = new List<string>();
        var units = new List<TextUnit>();
        int pos = 0;
        while (pos <= text.Length)
        {
            int lineEnd = text.IndexOf('\n', pos);
            if (lineEnd < 0) lineEnd = text.Length;
            units.Clear();
            QuoteSplitter.SplitSentences(text, pos, lineEnd, TextUnitKind.Sentence, units);
            foreach (var unit in units)
            {
                var s = unit.TextOf(text);
                int lead = LeadingMarkers(s);
                if (lead > 0 && sentences.Count > 0)
                {
                    sentences[^1] += " " + s[..lead].Trim();
                    s = s[lead..].Trim();
                }
                if (s.Length > 0) sentences.Add(s);
            }
            pos = lineEnd + 1;
        }
        return sentences;
    }

    /// <summary>The marker numbers of <paramref name="sentence"/> in order, and the sentence without them.</summary>
    internal static List<int> Markers(string sentence, out string claim)
    {
        var numbers = new List<int>();
        var sb = new System.Text.StringBuilder(sentence.Length);
        int i = 0;
        while (i < sentence.Length)
        {
            if (sentence[i] == '[')
            {
                int k = i + 1;
                while (k < sentence.Length && char.IsAsciiDigit(sentence[k])) k++;
                if (k > i + 1 && k < sentence.Length && sentence[k] == ']' && k - i <= 7)
                {
                    numbers.Add(int.Parse(sentence.AsSpan(i + 1, k - i - 1), NumberStyles.None, CultureInfo.InvariantCulture));
                    while (sb.Length > 0 && sb[^1] == ' ') sb.Length--;
                    i = k + 1;
                    continue;
                }
            }
            sb.Append(sentence[i]);
            i++;
        }
        claim = sb.ToString().Trim();
        // list markers and stray punctuation left at the start ("- ", "1. ") are not part of the claim
        claim = claim.TrimStart('-', '*', '•', ' ');
        return numbers;
    }

    private static int LeadingMarkers(string s)
    {
        int i = 0, last = 0;
        while (i < s.Length)
        {
            while (i < s.Length && s[i] == ' ') i++;
            if (i >= s.Length || s[i] != '[') break;
            int k = i + 1;
            while (k < s.Length && char.IsAsciiDigit(s[k])) k++;
            if (k == i + 1 || k >= s.Length || s[k] != ']') break;
            i = k + 1;
            last = i;
        }
        return last;
    }

    private List<(string Quote, HashSet<string> Terms)> Units(string chunkText)
    {
        var list = new List<(string, HashSet<string>)>();
        foreach (var unit in QuoteSplitter.Split(chunkText))
        {
            var quote = unit.TextOf(chunkText);
            list.Add((quote, new HashSet<string>(_analyze(quote), StringComparer.Ordinal)));
        }
        return list;
    }

    /// <summary>The unit sharing the most terms with the claim (cosine over term sets; the earlier on a tie); null when the chunk has no units.</summary>
    private static string? BestQuote(HashSet<string> claim, List<(string Quote, HashSet<string> Terms)> units)
    {
        if (units.Count == 0) return null;
        int best = 0;
        double bestScore = 0;
        for (int u = 0; u < units.Count; u++)
        {
            var terms = units[u].Terms;
            if (terms.Count == 0 || claim.Count == 0) continue;
            int common = 0;
            foreach (var t in claim) if (terms.Contains(t)) common++;
            double score = common / Math.Sqrt((double)terms.Count * claim.Count);
            if (score > bestScore)
            {
                bestScore = score;
                best = u;
            }
        }
        return units[best].Quote;
    }
}
