using System.Text;
using Tailor.Chat;

namespace Tailor.Sessions;

/// <summary>
/// Turns a follow-up question ("and for contractors?") into a standalone search query by asking the
/// chat model with a short prompt holding the recent history. The first question of a session is
/// used as it is, without a request. A reply that is empty, or absurdly long, falls back to the
/// question itself.
/// </summary>
public sealed class QueryRewriter
{
    /// <summary>The instruction sent as the system message.</summary>
    public const string Instruction =
        "You rewrite a follow-up question from a conversation into one standalone search query for a document search engine. " +
        "Resolve pronouns and references using the conversation; keep names, numbers and terms exactly as written. " +
        "Reply with the query only: no quotes, no explanation, no answer.";

    private readonly IChatModel _model;

    /// <param name="model">The model that rewrites.</param>
    /// <param name="maxMessages">How many of the latest history messages the prompt shows.</param>
    /// <param name="maxCharsPerMessage">Longer messages (typically answers) are shortened to this in the prompt.</param>
    public QueryRewriter(IChatModel model, int maxMessages = 6, int maxCharsPerMessage = 600)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        if (maxMessages < 1) throw new TailorException($"the rewriter's history length is {maxMessages}; use at least 1 message.");
        if (maxCharsPerMessage < 50) throw new TailorException($"the rewriter's message length is {maxCharsPerMessage}; use at least 50 characters.");
        MaxMessages = maxMessages;
        MaxCharsPerMessage = maxCharsPerMessage;
    }

    public int MaxMessages { get; }

    public int MaxCharsPerMessage { get; }

    /// <summary>The messages sent to the model for <paramref name="question"/> after <paramref name="history"/>.</summary>
    public IReadOnlyList<ChatMessage> Prompt(IReadOnlyList<SessionMessage> history, string question)
    {
        var text = new StringBuilder("Conversation so far:\n");
        foreach (var m in history.Where(m => m.Role != ChatRole.System).TakeLast(MaxMessages))
        {
            var content = m.Content.ReplaceLineEndings(" ").Trim();
            if (content.Length > MaxCharsPerMessage) content = content[..MaxCharsPerMessage].TrimEnd() + " …";
            text.Append(m.Role == ChatRole.User ? "User: " : "Assistant: ").Append(content).Append('\n');
        }
        text.Append("\nFollow-up question: ").Append(question.Trim()).Append("\n\nStandalone search query:");
        return [ChatMessage.System(Instruction), ChatMessage.User(text.ToString())];
    }

    /// <summary>The search query for <paramref name="question"/>; the question itself when there is no history.</summary>
    public async Task<string> RewriteAsync(IReadOnlyList<SessionMessage> history, string question, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (string.IsNullOrWhiteSpace(question)) throw new TailorException("the question is empty; ask something.");
        if (!history.Any(m => m.Role == ChatRole.User)) return question.Trim();
        var reply = await _model.CompleteAsync(Prompt(history, question), new ChatRequestOptions { MaxOutputTokens = 100, Temperature = 0 }, cancellationToken).ConfigureAwait(false);
        return Clean(reply.Text) ?? question.Trim();
    }

    /// <summary>The query in a model's reply: first non-empty line, without a "Query:" label or quotes; null when unusable.</summary>
    public static string? Clean(string reply)
    {
        var line = reply.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);
        if (line is null) return null;
        foreach (var label in new[] { "standalone search query:", "search query:", "query:" })
            if (line.StartsWith(label, StringComparison.OrdinalIgnoreCase)) line = line[label.Length..].Trim();
        line = line.Trim('"', '\'', '`', '“', '”', '‘', '’').Trim();
        return line.Length is 0 or > 500 ? null : line;
    }
}
