using System.Text;
using Tailor.Answering;
using Tailor.Retrieval;

namespace Tailor.Evaluation.Qa;

/// <summary>
/// Question-answer evaluation for RAG. For each question: hit@k (one of the top-k chunk hits of a
/// search comes from an expected source, matched on document id or source by <see cref="SourceMatch"/>),
/// answer_contains (the answer text contains the expected phrase, case-insensitive after collapsing
/// whitespace), cites_expected (the answer's first citation, its best quote, is from an expected source) and citations_valid (every citation names a document among the answer's sources).
/// The search and the answerer are passed in, so any knowledge base or fake can be measured.
/// </summary>
public static class QaEvaluator
{
    /// <summary>
    /// Evaluates a knowledge base as shipped: hit@k from <see cref="KnowledgeBase.SearchAsync"/> with K = k,
    /// answers from <see cref="KnowledgeBase.AskAsync"/> with <paramref name="askOptions"/> (defaults when null).
    /// </summary>
    public static Task<QaReport> EvaluateAsync(KnowledgeBase kb, IReadOnlyList<QaQuestion> questions, int k,
        AskOptions? askOptions = null, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(kb);
        return EvaluateAsync(questions, k, kb.SearchAsync,
            async (question, token) => QaAnswer.From(await kb.AskAsync(question, askOptions, token).ConfigureAwait(false)),
            progress, ct);
    }

    public static async Task<QaReport> EvaluateAsync(
        IReadOnlyList<QaQuestion> questions,
        int k,
        Func<string, SearchOptions, CancellationToken, Task<SearchResult>> search,
        Func<string, CancellationToken, Task<QaAnswer>> ask,
        IProgress<string>? progress = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(search);
        ArgumentNullException.ThrowIfNull(ask);
        if (k < 1 || k > 10_000) throw new TailorException($"k is {k}; use 1 to 10000.");
        var options = new SearchOptions { K = k };
        var results = new List<QaQuestionResult>(questions.Count);
        int withSources = 0, hits = 0, withAnswer = 0, contains = 0, valid = 0, found = 0, cited = 0;
        foreach (var question in questions)
        {
            ct.ThrowIfCancellationRequested();
            var search1 = await search(question.Question, options, ct).ConfigureAwait(false);
            var answer = await ask(question.Question, ct).ConfigureAwait(false);

            bool? hit = null, citesExpected = null;
            int? rank = null;
            if (question.ExpectedSources.Count > 0)
            {
                withSources++;
                rank = FirstMatch(search1.Hits, question.ExpectedSources, k);
                hit = rank is not null;
                if (hit == true) hits++;
                if (answer.Found && answer.Citations.Count > 0)
                {
                    var first = answer.Citations.MinBy(c => c.N)!;
                    citesExpected = question.ExpectedSources.Any(e => SourceMatch.Matches(e, first.DocumentId) || SourceMatch.Matches(e, first.Source));
                    if (citesExpected == true) cited++;
                }
                else citesExpected = false;
            }
            bool? has = null;
            if (question.Answer is { } phrase)
            {
                withAnswer++;
                has = ContainsPhrase(answer.Text, phrase);
                if (has == true) contains++;
            }
            var invalid = InvalidCitations(answer);
            if (invalid.Count == 0) valid++;
            if (answer.Found) found++;
            results.Add(new QaQuestionResult(question.Question, question.Line, hit, rank, has, invalid.Count == 0,
                answer.Citations.Count, answer.Found, answer.Text, invalid) { CitesExpected = citesExpected });
            progress?.Report($"qa: {results.Count}/{questions.Count} questions");
        }
        int n = Math.Max(1, questions.Count);
        return new QaReport(questions.Count, k,
            withSources == 0 ? 0 : (double)hits / withSources,
            withAnswer == 0 ? 0 : (double)contains / withAnswer,
            (double)valid / n,
            (double)found / n,
            results) { CitesExpected = withSources == 0 ? 0 : (double)cited / withSources };
    }

    /// <summary>1-based rank of the first of the top-k hits whose document id or source matches an expected source; null when none does.</summary>
    public static int? FirstMatch(IReadOnlyList<Hit> hits, IReadOnlyList<string> expected, int k)
    {
        int n = Math.Min(k, hits.Count);
        for (int i = 0; i < n; i++)
        {
            foreach (var e in expected)
            {
                if (SourceMatch.Matches(e, hits[i].DocumentId) || SourceMatch.Matches(e, hits[i].Source)) return i + 1;
            }
        }
        return null;
    }

    /// <summary>True when the text contains the phrase, ignoring case and differences in whitespace.</summary>
    public static bool ContainsPhrase(string text, string phrase) =>
        CollapseWhitespace(text).Contains(CollapseWhitespace(phrase), StringComparison.OrdinalIgnoreCase);

    /// <summary>Numbers of the citations whose document is not among the answer's sources.</summary>
    public static IReadOnlyList<int> InvalidCitations(QaAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var hit in answer.Sources) ids.Add(hit.DocumentId);
        var invalid = new List<int>();
        foreach (var citation in answer.Citations)
        {
            if (!ids.Contains(citation.DocumentId)) invalid.Add(citation.N);
        }
        return invalid;
    }

    private static string CollapseWhitespace(string s)
    {
        var sb = new StringBuilder(s.Length);
        bool space = false;
        foreach (char c in s)
        {
            if (char.IsWhiteSpace(c))
            {
                space = sb.Length > 0;
                continue;
            }
            if (space) sb.Append(' ');
            space = false;
            sb.Append(c);
        }
        return sb.ToString();
    }
}
