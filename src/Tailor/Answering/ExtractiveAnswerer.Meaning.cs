using System.Globalization;

namespace Tailor.Answering;

// The answerer's judgement by meaning (MeaningRelevance), kept apart from its term-overlap scoring.
public sealed partial class ExtractiveAnswerer
{
    private readonly MeaningRelevance? _meaning;

    /// <summary>Adds each candidate's similarity in meaning to its score (nothing without a <see cref="MeaningRelevance"/>).</summary>
    private void AddMeaning(string question, List<SentenceCandidate> candidates)
    {
        if (_meaning is null || candidates.Count == 0) return;
        var texts = new string[candidates.Count];
        for (int i = 0; i < texts.Length; i++) texts[i] = MeaningText(candidates[i]);
        var similarities = _meaning.Similarities(question, texts);
        for (int i = 0; i < texts.Length; i++)
        {
            var c = candidates[i];
            c.Meaning = similarities[i];
            c.Score += _meaning.Bonus(similarities[i]);
        }
    }

    /// <summary>
    /// What a unit means on its own: a sentence as written; a table row with each cell named by its header cell
    /// ("City: London; Meal allowance per day: GBP 70"), since a bare row of values says nothing a model can compare.
    /// </summary>
    internal static string MeaningText(SentenceCandidate candidate)
    {
        if (candidate.Unit.Kind != TextUnitKind.TableRow || candidate.Header is null) return candidate.Text;
        var names = Cells(candidate.Header);
        var values = Cells(candidate.Text);
        if (names.Length != values.Length) return candidate.Header + " " + candidate.Text;
        var parts = new string[values.Length];
        for (int i = 0; i < values.Length; i++) parts[i] = names[i].Length == 0 ? values[i] : names[i] + ": " + values[i];
        return string.Join("; ", parts);
    }

    private static string[] Cells(string row) => row.Trim().Trim('|').Split('|', StringSplitOptions.TrimEntries);

    /// <summary>True when <paramref name="best"/> is close enough in meaning to answer, whatever words it shares.</summary>
    private bool AnsweredByMeaning(SentenceCandidate best) => _meaning is not null && best.Meaning >= _meaning.AnswersAt;

    /// <summary>True when <paramref name="best"/> is off the question's topic in meaning, though it may share words.</summary>
    private bool UnrelatedByMeaning(SentenceCandidate best) => _meaning is not null && best.Meaning < _meaning.UnrelatedBelow;

    private string MeaningNote(SentenceCandidate best) => best.Meaning is { } m
        ? string.Create(CultureInfo.InvariantCulture, $" and the closest in meaning is {m:0.00} similar (at least {_meaning!.AnswersAt:0.00} needed)")
        : "";
}
