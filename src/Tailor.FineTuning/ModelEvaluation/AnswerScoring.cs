using System.Text.Json;
using System.Text.RegularExpressions;
using Tailor.FineTuning.Splitting;

namespace Tailor.FineTuning.ModelEvaluation;

/// <summary>
/// Scores of one answer against its reference. <see cref="ExactMatch"/> compares the two after the
/// normalization <c>finetune split</c> uses for duplicates (<see cref="ExampleKeys.NormalizeText"/>:
/// NFKC, lower case, punctuation dropped, white space collapsed); <see cref="TokenF1"/> is the
/// harmonic mean of precision and recall of the normalized words (counted with multiplicity, as in
/// SQuAD). Citation markers such as [1] are removed from answers first.
/// </summary>
public static partial class AnswerScoring
{
    [GeneratedRegex(@"\s*\[\d+(?:\s*,\s*\d+)*\]")]
    private static partial Regex CitationMarker();

    /// <summary>The answer without citation markers ([1], [2, 3]).</summary>
    public static string StripCitations(string answer) => CitationMarker().Replace(answer, "").Trim();

    /// <summary>The normalized form answers and references are compared in.</summary>
    public static string Normalize(string text) => ExampleKeys.NormalizeText(StripCitations(text));

    public static bool ExactMatch(string answer, string reference) => Normalize(answer) == Normalize(reference);

    public static double TokenF1(string answer, string reference)
    {
        var a = Tokens(answer);
        var r = Tokens(reference);
        if (a.Length == 0 || r.Length == 0) return a.Length == r.Length ? 1 : 0;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var t in r) counts[t] = counts.GetValueOrDefault(t) + 1;
        int common = 0;
        foreach (var t in a)
        {
            if (counts.TryGetValue(t, out var n) && n > 0)
            {
                common++;
                counts[t] = n - 1;
            }
        }
        if (common == 0) return 0;
        double precision = (double)common / a.Length, recall = (double)common / r.Length;
        return 2 * precision * recall / (precision + recall);
    }

    /// <summary>True when <paramref name="text"/> is one JSON object or array (a ```json fence around it is allowed).</summary>
    public static bool IsJson(string text)
    {
        var t = text.Trim();
        if (t.StartsWith("```", StringComparison.Ordinal))
        {
            int firstLine = t.IndexOf('\n');
            int end = t.LastIndexOf("```", StringComparison.Ordinal);
            if (firstLine < 0 || end <= firstLine) return false;
            t = t[(firstLine + 1)..end].Trim();
        }
        if (t.Length == 0 || (t[0] != '{' && t[0] != '[')) return false;
        try
        {
            using var _ = JsonDocument.Parse(t);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string[] Tokens(string text) => Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
