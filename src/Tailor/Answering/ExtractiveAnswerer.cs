using System.Globalization;
using System.Text;
using Tailor.Retrieval;

namespace Tailor.Answering;

/// <summary>
/// The offline answerer: picks the sentences of the top chunks that best answer the question and
/// quotes them, each followed by a citation marker [n]. Sentences are scored by the question terms
/// they contain, weighted by how rare each term is among the candidate sentences, with bonuses for
/// covering several terms close together and for coming from a higher-ranked chunk, and a penalty
/// for very short or very long sentences. Near-duplicates are skipped. When the best sentence
/// covers too little of the question, it answers that nothing was found rather than quoting noise.
/// Deterministic and thread-safe.
/// </summary>
public sealed partial class ExtractiveAnswerer
{
    /// <summary>Weight of a question term found in a table row's header instead of the row.</summary>
    private const double HeaderWeight = 1.0;

    /// <summary>Weight of a question term found in the sentence before one that starts with a pronoun.</summary>
    private const double AntecedentWeight = 0.6;

    /// <summary>Weight of a question term found only in the chunk's section path or document title.</summary>
    private const double SectionWeight = 0.35;

    /// <summary>
    /// Extra score of a page's lead (its first sentence or NAME line) for the share of the question it covers (in choosing
    /// which sentence opens the answer, not in admitting further ones):
    /// the one-line summary of the page the question is about states the answer more directly than a passing mention.
    /// </summary>
    private const double LeadBonus = 0.15;

    /// <summary>Weight of question filler words ("how many", "get", "mean") relative to content terms.</summary>
    private const double FillerWeight = 0.3;

    private const double DistinctBonus = 0.15;
    private const double ProximityBonus = 0.1;
    private const double RankBonus = 0.2;
    private const double NumberBonus = 0.1;
    private const double MmrLambda = 0.5;
    private const double RedundantOverlap = 0.7;
    private const double SecondaryRatio = 0.5;
    private const double NearBest = 0.9;
    private const double NearTie = 0.03;


    /// <summary>Weight of a question term that no retrieved chunk holds, relative to the rarest term that one does.</summary>
    private const double AbsentWeight = 3;
    private const double UnionMargin = 0.2;
    private const double UnionBestShare = 0.8;
    private const int LongSentenceWords = 50;

    private const string Fillers = "many much long often get gets got getting tell know mean means meaning please explain describe give find show need want can may might will shall number amount kind type way happen happens";

    private static readonly string[] NumericOpeners =
    [
        "how many", "how much", "how long", "how often", "how old", "how far", "how large", "how big", "how quickly",
        "how soon", "how fast", "how high", "when", "what year", "what time", "what date", "by when", "which version",
        "what version", "what percentage", "what is the limit", "what is the rate",
    ];

    private readonly Func<string, IReadOnlyList<string>> _analyze;
    private readonly HashSet<string> _fillers;

    /// <summary>
    /// Creates an answerer that analyzes text with <paramref name="analyze"/> (the lexical analyzer's term function);
    /// with <paramref name="meaning"/>, sentences are also judged by their similarity in meaning to the question.
    /// </summary>
    public ExtractiveAnswerer(Func<string, IReadOnlyList<string>> analyze, AskOptions? options = null, MeaningRelevance? meaning = null)
    {
        _meaning = meaning;
        ArgumentNullException.ThrowIfNull(analyze);
        Options = options ?? new AskOptions();
        Options.Validate();
        _analyze = analyze;
        _fillers = new HashSet<string>(analyze(Fillers), StringComparer.Ordinal);
    }

    /// <summary>The options this answerer was built with.</summary>
    public AskOptions Options { get; }

    /// <summary>Receives the ranked candidate units of each question (diagnostics and tuning only).</summary>
    internal Action<IReadOnlyList<SentenceCandidate>>? Trace { get; set; }

    /// <summary>Answers <paramref name="question"/> from <paramref name="hits"/> (best first; only the first K are used).</summary>
    public Answer Answer(string question, IReadOnlyList<Hit> hits)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(hits);
        var sources = hits.Count > Options.K ? hits.Take(Options.K).ToList() : hits;
        if (sources.Count == 0) return Answering.Answer.NotFound("No chunk in the knowledge base matched the question.", sources);

        var questionTerms = Distinct(_analyze(question));
        if (questionTerms.Count == 0)
            return Answering.Answer.NotFound("The question has no searchable words (only stopwords or punctuation); rephrase it with the terms you are looking for.", sources);

        var candidates = Candidates(sources);
        if (candidates.Count == 0) return Answering.Answer.NotFound("The retrieved chunks hold no quotable sentences.", sources);

        var termShares = Score(question, questionTerms, sources, candidates);
        AddMeaning(question, candidates);
        candidates.Sort(Compare);
        Trace?.Invoke(candidates);
        var best = candidates[0];
        var chosen = best.Matched == 0 && !AnsweredByMeaning(best) ? [] : Select(candidates, termShares);
        if (!(Confident(best, chosen, termShares, out double union) || AnsweredByMeaning(best)) || UnrelatedByMeaning(best))
        {
            // the criterion as Confident applies it, so the numbers never contradict the verdict
            string reason = best.Matched == 0
                ? $"No sentence of the retrieved chunks contains any of the question's terms (at most their headings or sections do){MeaningNote(best)}; the retrieved chunks do not seem to answer it."
                : string.Create(CultureInfo.InvariantCulture,
                    $"The best sentence covers {best.Coverage:P0} of the question's terms, weighted by rarity ({Options.MinConfidence:P0} needed), and the chosen sentences together cover {union:P0} ({Math.Min(1, Options.MinConfidence + UnionMargin):P0} needed when the best covers at least {Options.MinConfidence * UnionBestShare:P0}){MeaningNote(best)}; the retrieved chunks do not seem to answer it.");
            return Answering.Answer.NotFound(reason, sources);
        }
        return Compose(chosen, sources);
    }

    private List<SentenceCandidate> Candidates(IReadOnlyList<Hit> sources)
    {
        var candidates = new List<SentenceCandidate>();
        for (int h = 0; h < sources.Count; h++)
        {
            string text = sources[h].Text ?? "";
            string? previous = null;
            bool lead = sources[h].Ordinal == 0;
            foreach (var unit in QuoteSplitter.Split(text))
            {
                string quote = unit.TextOf(text);
                string? antecedent = unit.Kind == TextUnitKind.Sentence && StartsWithPronoun(quote) ? previous : null;
                previous = quote;
                if (IsQuestion(quote)) continue; // a question (an FAQ heading) never answers one
                var terms = _analyze(quote);
                if (terms.Count == 0) continue;
                candidates.Add(new SentenceCandidate(h, unit, quote, unit.HeaderOf(text), [.. terms]) { Antecedent = antecedent, IsLead = lead && unit.Kind == TextUnitKind.Sentence });
                lead = false;
            }
        }
        return candidates;
    }

    private double[] Score(string question, List<string> questionTerms, IReadOnlyList<Hit> sources, List<SentenceCandidate> candidates)
    {
        // idf over the candidate units, smoothed so that a term in every unit still counts. A content
        // term found in none of the retrieved chunks is rarer than any found one: retrieval would
        // have ranked chunks holding it first. It weighs three times the rarest found term, so a question
        // about something the knowledge base does not mention ("the CEO's salary") is not answered
        // from the words around it ("salary").
        var howWords = HowWords(question);
        var weights = new double[questionTerms.Count];
        var filler = new bool[questionTerms.Count];
        var absent = new bool[questionTerms.Count];
        double presentMax = 0;
        int contentTerms = 0;
        for (int q = 0; q < questionTerms.Count; q++)
        {
            // document frequency over chunks (closer to the corpus's own statistics than over
            // sentences, where a page about X repeats X in every sentence)
            int df = 0, last = -1;
            foreach (var c in candidates)
            {
                if (c.HitIndex != last && c.TermSet.Contains(questionTerms[q]))
                {
                    df++;
                    last = c.HitIndex;
                }
            }
            weights[q] = Math.Log(1 + (sources.Count + 1) / (df + 0.5));
            filler[q] = _fillers.Contains(questionTerms[q]) || howWords.Contains(questionTerms[q]);
            absent[q] = df == 0;
            if (!filler[q]) contentTerms++;
            if (!absent[q] && !filler[q]) presentMax = Math.Max(presentMax, weights[q]);
        }
        double absentWeight = presentMax > 0 ? AbsentWeight * presentMax : 1;
        double total = 0;
        for (int q = 0; q < questionTerms.Count; q++)
        {
            if (absent[q]) weights[q] = absentWeight;
            if (filler[q]) weights[q] *= FillerWeight;
            total += weights[q];
        }

        var sectionTerms = new HashSet<string>?[sources.Count];
        var hitWeight = HitWeights(sources);
        bool wantsNumber = WantsNumber(question);
        var matched = new List<string>(questionTerms.Count);
        foreach (var c in candidates)
        {
            var section = sectionTerms[c.HitIndex] ??= SectionTerms(sources[c.HitIndex]);
            HashSet<string>? header = c.Header is null ? null : new HashSet<string>(_analyze(c.Header), StringComparer.Ordinal);
            HashSet<string>? antecedent = c.Antecedent is null ? null : new HashSet<string>(_analyze(c.Antecedent), StringComparer.Ordinal);
            double got = 0;
            int distinct = 0, headerDistinct = 0;
            matched.Clear();
            var credit = new double[questionTerms.Count];
            for (int q = 0; q < questionTerms.Count; q++)
            {
                string term = questionTerms[q];
                if (c.TermSet.Contains(term))
                {
                    credit[q] = 1;
                    matched.Add(term);
                    if (!filler[q]) distinct++;
                }
                else if (header is not null && header.Contains(term))
                {
                    credit[q] = HeaderWeight;
                    if (!filler[q]) headerDistinct++;
                }
                else if (antecedent is not null && antecedent.Contains(term)) credit[q] = AntecedentWeight;
                else if (section.Contains(term)) credit[q] = c.IsLead ? 1 : SectionWeight; // the lead speaks of the titled page
                got += credit[q] * weights[q];
            }
            c.Credit = credit;
            c.Matched = distinct;
            c.Coverage = total > 0 ? got / total : 0;
            if (matched.Count == 0)
            {
                c.Score = 0;
                continue;
            }
            double score = c.Coverage * LengthFactor(c);
            int covered = distinct + headerDistinct;
            if (covered >= 2) score += DistinctBonus * (covered - 1) / Math.Max(1, contentTerms - 1);
            if (matched.Count >= 2) score += ProximityBonus * matched.Count / Window(c.Terms, matched);
            score += RankBonus * hitWeight[c.HitIndex];
            if (wantsNumber && HasDigit(c.Text)) score += NumberBonus;
            if (c.IsLead) score += c.LeadBoost = LeadBonus * c.Coverage;
            c.Score = score;
        }
        for (int q = 0; q < weights.Length; q++) weights[q] = filler[q] ? 0 : weights[q] / total;
        return weights;
    }

    /// <summary>
    /// True when the best unit covers enough of the question, or (for questions with several
    /// parts) when the chosen units together cover clearly more than enough and the best one at
    /// least 80% of the threshold. <paramref name="union"/> is the share the chosen units cover together.
    /// </summary>
    private bool Confident(SentenceCandidate best, List<SentenceCandidate> chosen, double[] termShares, out double union)
    {
        union = best.Coverage;
        if (best.Matched == 0) return false;
        if (best.Coverage >= Options.MinConfidence) return true;
        union = 0;
        for (int q = 0; q < termShares.Length; q++)
        {
            double credit = 0;
            foreach (var c in chosen) credit = Math.Max(credit, c.Credit[q]);
            union += credit * termShares[q];
        }
        union = Math.Max(union, best.Coverage);
        return best.Coverage >= Options.MinConfidence * UnionBestShare && union >= Math.Min(1, Options.MinConfidence + UnionMargin);
    }

    /// <summary>
    /// Greedy MMR: the best unit, then units that answer a part of the question not covered yet
    /// (or are nearly as relevant as the best), preferring high scores and little repetition.
    /// </summary>
    private List<SentenceCandidate> Select(List<SentenceCandidate> ranked, double[] termShares)
    {
        var best = ranked[0];
        var chosen = new List<SentenceCandidate> { best };
        var covered = new bool[termShares.Length];
        Cover(best, covered);
        // a further sentence must share at least two of the question's content terms (one when
        // the question has only one): a lone shared word ("error") is a coincidence, not an answer
        int contentTerms = 0;
        foreach (double share in termShares) if (share > 0) contentTerms++;
        int minMatched = Math.Min(2, Math.Max(1, contentTerms));
        var remaining = new List<SentenceCandidate>();
        for (int i = 1; i < ranked.Count; i++)
        {
            var c = ranked[i];
            // the lead bonus decides which sentence opens the answer, never whether a further one is added
            if (c.Matched >= minMatched && c.Score - c.LeadBoost >= SecondaryRatio * best.Score) remaining.Add(c);
        }
        while (chosen.Count < Options.MaxSentences && remaining.Count > 0)
        {
            int pick = -1;
            double pickValue = double.NegativeInfinity;
            for (int i = 0; i < remaining.Count; i++)
            {
                var c = remaining[i];
                double added = 0;
                for (int q = 0; q < termShares.Length; q++) if (!covered[q] && c.Credit[q] >= 1) added += termShares[q];
                if (added <= 0 && c.Coverage < NearBest * best.Coverage) continue;
                double similarity = 0;
                foreach (var s in chosen) similarity = Math.Max(similarity, Similarity(c, s));
                if (similarity >= RedundantOverlap) continue;
                double value = c.Score - c.LeadBoost + added - MmrLambda * similarity * best.Score;
                if (value > pickValue)
                {
                    pickValue = value;
                    pick = i;
                }
            }
            if (pick < 0) break;
            Cover(remaining[pick], covered);
            chosen.Add(remaining[pick]);
            remaining.RemoveAt(pick);
        }
        chosen.Sort(Compare);
        // near-ties between sentences of one chunk read better in the chunk's own order
        for (int i = 0; i + 1 < chosen.Count; i++)
        {
            var (a, b) = (chosen[i], chosen[i + 1]);
            if (a.HitIndex == b.HitIndex && b.Unit.Start < a.Unit.Start && a.Score - b.Score < NearTie * a.Score)
                (chosen[i], chosen[i + 1]) = (b, a);
        }
        return chosen;
    }

    private static void Cover(SentenceCandidate c, bool[] covered)
    {
        for (int q = 0; q < covered.Length; q++) if (c.Credit[q] >= 1) covered[q] = true;
    }

    private static double Similarity(SentenceCandidate a, SentenceCandidate b) =>
        string.Equals(Normalize(a.Text), Normalize(b.Text), StringComparison.Ordinal) ? 1 : a.Overlap(b);

    private static Answer Compose(List<SentenceCandidate> chosen, IReadOnlyList<Hit> sources)
    {
        var numbers = new Dictionary<(string DocumentId, long ChunkId), int>();
        var citations = new List<Citation>(chosen.Count);
        var text = new StringBuilder();
        var units = new List<TextUnit>?[sources.Count];
        bool afterCode = false;
        foreach (var c in chosen)
        {
            var hit = sources[c.HitIndex];
            string chunk = hit.Text ?? "";
            var codeSpan = IntroducedCode.After(chunk, c.Unit, units[c.HitIndex] ??= QuoteSplitter.Split(chunk));
            string? code = codeSpan is { } span ? chunk[span] : null;
            if (!numbers.TryGetValue((hit.DocumentId, hit.ChunkId), out int number))
            {
                number = numbers.Count + 1;
                numbers.Add((hit.DocumentId, hit.ChunkId), number);
            }
            citations.Add(new Citation(number, hit.DocumentId, hit.Source, hit.Link, codeSpan is { } quoted ? chunk[c.Unit.Start..quoted.End] : c.Text));
            if (text.Length > 0) text.Append(afterCode ? "\n\n" : " ");
            text.Append('“').Append(Normalize(c.Text)).Append('”');
            if (c.Header is not null) text.Append(" (").Append(Normalize(c.Header)).Append(')');
            text.Append(" [").Append(number.ToString(CultureInfo.InvariantCulture)).Append(']');
            if (code is not null) IntroducedCode.AppendBlock(text, code);
            afterCode = code is not null;
        }
        return new Answer { Text = text.ToString(), Citations = citations, Found = true, Sources = sources };
    }

    private HashSet<string> SectionTerms(Hit hit)
    {
        var terms = new HashSet<string>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(hit.Section)) terms.UnionWith(_analyze(hit.Section));
        if (!string.IsNullOrEmpty(hit.Title)) terms.UnionWith(_analyze(hit.Title));
        return terms;
    }

    /// <summary>
    /// Each hit's retrieval score relative to the best one (0..1); by rank (1, 1/2, 1/3, ...) when
    /// scores are missing or not positive.
    /// </summary>
    private static double[] HitWeights(IReadOnlyList<Hit> sources)
    {
        var weights = new double[sources.Count];
        double max = 0;
        foreach (var hit in sources) if (double.IsFinite(hit.Score)) max = Math.Max(max, hit.Score);
        for (int i = 0; i < weights.Length; i++)
        {
            double score = sources[i].Score;
            weights[i] = max > 0 && double.IsFinite(score) && score > 0 ? score / max : 1.0 / (1 + i);
        }
        return weights;
    }

    /// <summary>Shortest run of terms that holds every matched question term at least once.</summary>
    private static int Window(string[] terms, List<string> matched)
    {
        int bestWindow = int.MaxValue;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < terms.Length; i++)
        {
            if (!matched.Contains(terms[i])) continue;
            seen.Clear();
            for (int j = i; j < terms.Length && j - i + 1 < bestWindow; j++)
            {
                if (matched.Contains(terms[j])) seen.Add(terms[j]);
                if (seen.Count == matched.Count)
                {
                    bestWindow = j - i + 1;
                    break;
                }
            }
        }
        return bestWindow == int.MaxValue ? terms.Length : Math.Max(bestWindow, matched.Count);
    }

    private static double LengthFactor(SentenceCandidate c)
    {
        if (c.Unit.Kind == TextUnitKind.TableRow) return 1;
        int words = QuoteSplitter.WordCount(c.Text);
        if (words < 4) return 0.6;
        if (words < 7) return 0.85;
        if (words > LongSentenceWords) return Math.Sqrt((double)LongSentenceWords / words);
        return 1;
    }

    /// <summary>Terms of the words right after "how" ("how quickly", "how large"): they ask for the kind of answer, not its topic.</summary>
    private HashSet<string> HowWords(string question)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        int at = 0;
        while ((at = question.IndexOf("how ", at, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            bool wordStart = at == 0 || !char.IsLetter(question[at - 1]);
            at += 4;
            if (!wordStart) continue;
            int end = at;
            while (end < question.Length && char.IsLetter(question[end])) end++;
            if (end > at) words.UnionWith(_analyze(question[at..end]));
        }
        return words;
    }

    private static readonly string[] Pronouns = ["it", "its", "they", "their", "them", "this", "these", "those", "that", "he", "she", "such"];

    private static bool StartsWithPronoun(string sentence)
    {
        int end = 0;
        while (end < sentence.Length && char.IsLetter(sentence[end])) end++;
        var first = sentence.AsSpan(0, end);
        foreach (var pronoun in Pronouns) if (first.Equals(pronoun, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    private static bool WantsNumber(string question)
    {
        string q = question.TrimStart().ToLowerInvariant();
        foreach (var opener in NumericOpeners) if (q.StartsWith(opener, StringComparison.Ordinal)) return true;
        return false;
    }

    private static bool IsQuestion(string text)
    {
        int end = text.Length;
        while (end > 0 && (char.IsWhiteSpace(text[end - 1]) || text[end - 1] is ')' or '"' or '\'' or '”' or '’' or '»')) end--;
        return end > 0 && text[end - 1] == '?';
    }

    private static bool HasDigit(string text)
    {
        foreach (char ch in text) if (char.IsAsciiDigit(ch)) return true;
        return false;
    }

    private static int Compare(SentenceCandidate a, SentenceCandidate b)
    {
        int c = b.Score.CompareTo(a.Score);
        if (c != 0) return c;
        c = a.HitIndex.CompareTo(b.HitIndex);
        return c != 0 ? c : a.Unit.Start.CompareTo(b.Unit.Start);
    }

    private static List<string> Distinct(IReadOnlyList<string> terms)
    {
        var list = new List<string>(terms.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in terms) if (seen.Add(t)) list.Add(t);
        return list;
    }

    /// <summary>Collapses runs of whitespace (soft line breaks inside a quote) into single spaces.</summary>
    private static string Normalize(string text)
    {
        var sb = new StringBuilder(text.Length);
        bool space = false;
        foreach (char ch in text)
        {
            if (char.IsWhiteSpace(ch))
            {
                space = sb.Length > 0;
                continue;
            }
            if (space) sb.Append(' ');
            space = false;
            sb.Append(ch);
        }
        return sb.ToString();
    }
}
