namespace Tailor.Tests.Answering;

/// <summary>A tiny stand-in for the lexical analyzer: lowercase words, a few stopwords, plural 's' stripped.</summary>
internal static class SimpleAnalyzer
{
    private static readonly HashSet<string> Stopwords =
    [
        "a", "an", "the", "is", "are", "was", "be", "do", "does", "did", "what", "which", "who", "how", "when", "where",
        "of", "to", "in", "on", "at", "for", "and", "or", "i", "my", "we", "you", "your", "it", "this", "that", "with", "by",
        "as", "from", "there", "their", "they", "not", "no", "can",
    ];

    public static IReadOnlyList<string> Analyze(string text)
    {
        var terms = new List<string>();
        int start = -1;
        for (int i = 0; i <= text.Length; i++)
        {
            bool word = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (word && start < 0) start = i;
            if (!word && start >= 0)
            {
                string term = text[start..i].ToLowerInvariant();
                if (!Stopwords.Contains(term))
                {
                    if (term.Length > 3 && term.EndsWith('s') && !term.EndsWith("ss")) term = term[..^1];
                    terms.Add(term);
                }
                start = -1;
            }
        }
        return terms;
    }
}
