namespace Tailor.Evaluation.Qa;

/// <summary>A citation of an answer, as the QA evaluation sees it.</summary>
/// <param name="N">The citation's number in the answer text ([N]).</param>
/// <param name="DocumentId">The cited document.</param>
/// <param name="Source">The cited document's source path or URL.</param>
public sealed record QaCitation(int N, string DocumentId, string Source);
