namespace Tailor.Answering;

/// <summary>One quotable unit of a retrieved chunk, with its analyzed terms and its score for the current question.</summary>
internal sealed class SentenceCandidate
{
    public SentenceCandidate(int hitIndex, TextUnit unit, string text, string? header, string[] terms)
    {
        HitIndex = hitIndex;
        Unit = unit;
        Text = text;
        Header = header;
        Terms = terms;
        TermSet = new HashSet<string>(terms, StringComparer.Ordinal);
    }

    /// <summary>Position of the chunk in the hit list (0 = best).</summary>
    public int HitIndex { get; }

    public TextUnit Unit { get; }

    /// <summary>The exact text of the unit (the quote).</summary>
    public string Text { get; }

    /// <summary>The table header row for table rows, else null.</summary>
    public string? Header { get; }

    /// <summary>The previous sentence of the chunk when this one starts with a pronoun ("They last 18 months."), else null.</summary>
    public string? Antecedent { get; init; }

    /// <summary>
    /// The page's lead: the first quotable unit of a document's first chunk (a reference page's one-line
    /// summary, a manual page's NAME line, an article's first sentence), which says what the titled page is about.
    /// </summary>
    public bool IsLead { get; init; }

    /// <summary>The part of <see cref="Score"/> owed to being the page's lead (0 for other units).</summary>
    public double LeadBoost { get; set; }

    /// <summary>Analyzed terms in order.</summary>
    public string[] Terms { get; }

    public HashSet<string> TermSet { get; }

    /// <summary>Per question term: 1 when the unit holds it, less when only its header or section does, else 0.</summary>
    public double[] Credit { get; set; } = [];

    /// <summary>Rarity-weighted share (0..1) of the question's terms this unit covers, context included.</summary>
    public double Coverage { get; set; }

    /// <summary>Number of distinct non-filler question terms in the unit itself.</summary>
    public int Matched { get; set; }

    /// <summary>Cosine similarity to the question by a pretrained embedder (<see cref="MeaningRelevance"/>); null without one.</summary>
    public double? Meaning { get; set; }

    /// <summary>Selection score (higher is better).</summary>
    public double Score { get; set; }

    /// <summary>Overlap of two units' term sets, relative to the smaller set (0..1).</summary>
    public double Overlap(SentenceCandidate other)
    {
        var (small, large) = TermSet.Count <= other.TermSet.Count ? (TermSet, other.TermSet) : (other.TermSet, TermSet);
        if (small.Count == 0) return string.Equals(Text, other.Text, StringComparison.Ordinal) ? 1 : 0;
        int common = 0;
        foreach (var term in small) if (large.Contains(term)) common++;
        return (double)common / small.Count;
    }
}
