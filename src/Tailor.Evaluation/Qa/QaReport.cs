namespace Tailor.Evaluation.Qa;

/// <summary>
/// The outcome of a question file: rates over the questions they apply to (hit@k over questions
/// listing expected sources, answer_contains over questions with an expected phrase,
/// cites_expected over questions listing expected sources, citations_valid and found over all questions) and the per-question results.
/// </summary>
public sealed record QaReport(
    int Questions,
    int K,
    double HitAtK,
    double AnswerContains,
    double CitationsValid,
    double Found,
    IReadOnlyList<QaQuestionResult> Results)
{
    /// <summary>Share of the questions listing expected sources whose answer's first citation is from one of them.</summary>
    public double CitesExpected { get; init; }
}
