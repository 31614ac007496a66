using Tailor.Answering;
using Tailor.Retrieval;

namespace Tailor.Evaluation.Qa;

/// <summary>An answer as the QA evaluation sees it: its text, whether one was found, its citations and the hits it drew on.</summary>
public sealed record QaAnswer(string Text, bool Found, IReadOnlyList<QaCitation> Citations, IReadOnlyList<Hit> Sources)
{
    /// <summary>The evaluation's view of an engine <see cref="Answer"/>.</summary>
    public static QaAnswer From(Answer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var citations = new QaCitation[answer.Citations.Count];
        for (int i = 0; i < citations.Length; i++)
        {
            var c = answer.Citations[i];
            citations[i] = new QaCitation(c.N, c.DocumentId, c.Source);
        }
        return new QaAnswer(answer.Text, answer.Found, citations, answer.Sources);
    }
}
