namespace Tailor.Evaluation.Qa;

/// <summary>One line of a question file: the question, the sources that should be retrieved, and optionally a phrase the answer should contain.</summary>
/// <param name="Question">The question asked.</param>
/// <param name="ExpectedSources">Document ids or source paths/URLs (a suffix or prefix is enough) of which one should be retrieved; may be empty.</param>
/// <param name="Answer">A phrase the answer should contain; null when not checked.</param>
/// <param name="Line">The line of the question file (1-based).</param>
public sealed record QaQuestion(string Question, IReadOnlyList<string> ExpectedSources, string? Answer, int Line);
