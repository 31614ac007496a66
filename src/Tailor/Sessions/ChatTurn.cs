using Tailor.Answering;
using Tailor.Examples;

namespace Tailor.Sessions;

/// <summary>One answered turn of a chat session.</summary>
/// <param name="Question">What the user asked.</param>
/// <param name="SearchQuery">What retrieval searched for: the question, or its standalone rewrite for a follow-up.</param>
/// <param name="Answer">The answer with its citations and sources.</param>
/// <param name="HistoryMessages">Earlier messages that fit the history budget and went into the prompt.</param>
/// <param name="Examples">The few-shot examples shown to the model.</param>
public sealed record ChatTurn(string Question, string SearchQuery, Answer Answer, int HistoryMessages, IReadOnlyList<SelectedExample> Examples);
