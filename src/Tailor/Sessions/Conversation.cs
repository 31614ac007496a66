using Tailor.Answering;
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
        bool fallback = Options.Ask.Fallback == AnswerFallback.Extractive;
        string? failure = null; // the model's error, once it failed this turn (with the extractive fallback)
        var searchQuery = question;
        if (_rewriter is not null)
        {
            try { searchQuery = await _rewriter.RewriteAsync(history, question, ct).ConfigureAwait(false); }
            catch (TailorException ex) when (fallback) { failure = ex.Message; }
        }
        var ask = Options.Ask with { SearchQuery = searchQuery };
        var hits = (await _kb.SearchAsync(searchQuery, ask.ToSearchOptions(), ct).ConfigureAwait(false)).Hits;
        IReadOnlyList<SelectedExample> examples = Options.Examples > 0
            ? await _kb.ExampleSelector().SelectAsync(question, Options.Examples, groups: ask.Filter?.Groups, cancellationToken: ct).ConfigureAwait(false) // only examples the reader's groups may see
            : [];
        var trimmed = HistoryBudget.Trim(history, Options.HistoryTokens, _counter);
        Answer answer;
        if (failure is null)
        {
            try { answer = await _answer(question, hits, examples.Select(e => e.Example).ToList(), trimmed, onText, ct).ConfigureAwait(false); }
            catch (TailorException ex) when (fallback) { failure = ex.Message; answer = Offline(question, hits, failure); }
        }
        else answer = Offline(question, hits, failure);
        _kb.Sessions.Append(Session, version, SessionMessage.User(question), SessionMessage.Assistant(answer.Text, answer.Citations));
        return new ChatTurn(question, searchQuery, answer, trimmed.Count, examples);
    }

    /// <summary>The extractive answer given when the model failed (<see cref="AnswerFallback.Extractive"/>), saying why.</summary>
    private Answer Offline(string question, IReadOnlyList<Retrieval.Hit> hits, string failure) =>
        _kb.CreateExtractiveAnswerer(Options.Ask).Answer(question, hits) with { Fallback = failure };

    /// <summary>Forgets the session's messages; returns how many were removed.</summary>
    public int Reset() => _kb.Sessions.Reset(Session);
}
