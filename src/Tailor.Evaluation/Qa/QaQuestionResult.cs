namespace Tailor.Evaluation.Qa;

/// <summary>The outcome of one question.</summary>
/// <param name="Question">The question asked.</param>
/// <param name="Line">Its line in the question file.</param>
/// <param name="Hit">An expected source was among the top-k hits; null when the question lists no expected source.</param>
/// <param name="HitRank">1-based rank of the first hit from an expected source; null when none.</param>
/// <param name="AnswerContains">The answer contains the expected phrase (case-insensitive, whitespace-normalized); null when no phrase is given.</param>
/// <param name="CitationsValid">Every citation points at a source the answer drew on (true when there are no citations).</param>
/// <param name="Citations">Number of citations.</param>
/// <param name="Found">The answerer reported an answer (rather than "not found").</param>
/// <param name="Answer">The answer text.</param>
/// <param name="InvalidCitations">Numbers of the citations that point elsewhere.</param>
public sealed record QaQuestionResult(
    string Question,
    int Line,
    bool? Hit,
    int? HitRank,
    bool? AnswerContains,
    bool CitationsValid,
    int Citations,
    bool Found,
    string Answer,
    IReadOnlyList<int> InvalidCitations)
{
    /// <summary>The answer's first citation (its best quote) is from an expected source (false when nothing was found); null when the question lists none.</summary>
    public bool? CitesExpected { get; init; }
}
