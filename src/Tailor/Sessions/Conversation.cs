using Tailor.Examples;
using Tailor.Tokenization;

namespace Tailor.Sessions;

/// <summary>
/// A chat session over a knowledge base. Each turn: the stored history is read; a follow-up is
/// rewritten into a standalone search query (<see cref="QueryRewriter"/>, when a model is there to
/// do it); the knowledge base is searched for that query; few-shot examples are chosen for the
/// question; the history is trimmed to its token budget (<see cref="HistoryBudget"/>); the answerer
/// writes the answer; the question and the answer with its citations are appended to the session in
/// one transaction, so the next process continues where this one stopped; when another process
/// changed the session meanwhile, the turn is refused rather than interleaved.
/// </summary>
public sealed class Conversation
{
    private readonly KnowledgeBase _kb;
    private readonly TurnAnswerer _answer;
    private readonly QueryRewriter? _rewriter;
    private readonly ITokenCounter _counter;

    /// <param name="kb">The knowledge base holding the documents, examples and sessions.</param>
    /// <param name="session">The session's name.</param>
    /// <param name="answer">Writes each turn's answer (the generated answerer, or an extractive one offline).</param>
    /// <param name="rewriter">Rewrites follow-ups; null: every question is searched for as it is.</param>
    /// <param name="options">Retrieval, history budget and examples.</param>
    /// <param name="counter">Counts history tokens; null: the estimate.</param>
    public Conversation(KnowledgeBase kb, string session, TurnAnswerer answer, QueryRewriter? rewriter = null, ConversationOptions? options = null, ITokenCounter? counter = null)
    {
        _kb = kb ?? throw new ArgumentNullException(nameof(kb));
        _answer = answer ?? throw new ArgumentNullException(nameof(answer));
        Session = SessionStore.ValidateName(session);
        Options = options ?? new ConversationOptions();
        Options.Validate();
        _rewriter = rewriter;
        _counter = counter ?? EstimatingTokenCounter.Instance;
    }

    public string Session { get; }

    public ConversationOptions Options { get; }

    /// <summary>The session's stored messages, oldest first.</summary>
    public IReadOnlyList<SessionMessage> History => _kb.Sessions.Messages(Session);

    /// <summary>Answers <paramref name="question"/> in the context of the session and stores the turn.</summary>
    public async Task<ChatTurn> AskAsync(string question, Action<string>? onText = null, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(question)) throw new TailorException("the question is empty; ask something.");
        question = question.Trim();
        var (history, version) = _kb.Sessions.Read(Session);
        var searchQuery = _rewriter is null ? question : await _rewriter.RewriteAsync(history, question, ct).ConfigureAwait(false);
        var ask = Options.Ask with { SearchQuery = searchQuery };
        var hits = (await _kb.SearchAsync(searchQuery, ask.ToSearchOptions(), ct).ConfigureAwait(false)).Hits;
        IReadOnlyList<SelectedExample> examples = Options.Examples > 0
            ? await _kb.ExampleSelector().SelectAsync(question, Options.Examples, cancellationToken: ct).ConfigureAwait(false)
            : [];
        var trimmed = HistoryBudget.Trim(history, Options.HistoryTokens, _counter);
        var answer = await _answer(question, hits, examples.Select(e => e.Example).ToList(), trimmed, onText, ct).ConfigureAwait(false);
        _kb.Sessions.Append(Session, version, SessionMessage.User(question), SessionMessage.Assistant(answer.Text, answer.Citations));
        return new ChatTurn(question, searchQuery, answer, trimmed.Count, examples);
    }

    /// <summary>Forgets the session's messages; returns how many were removed.</summary>
    public int Reset() => _kb.Sessions.Reset(Session);
}
