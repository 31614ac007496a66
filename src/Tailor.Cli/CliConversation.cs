using Tailor.Answering;
using Tailor.Chat;
using Tailor.Lexical;
using Tailor.Sessions;

namespace Tailor.Cli;

/// <summary>Builds the conversation behind <c>tailor chat</c> and <c>tailor ask --session</c>: generated answers with a chat model, or extractive ones offline.</summary>
internal static class CliConversation
{
    /// <summary>
    /// A conversation in <paramref name="session"/>: with the configured chat model (follow-ups rewritten by it),
    /// or, with <paramref name="offline"/>, extractive answers and every question searched for as it is.
    /// Null model and not offline: a clear error saying what to configure.
    /// </summary>
    public static Conversation Create(KnowledgeBase kb, string session, bool offline, ConversationOptions options, out string model)
    {
        if (offline)
        {
            var analyzer = new Analyzer(kb.Options.Lexical);
            var extractive = new ExtractiveAnswerer(analyzer.Analyze, options.Ask);
            model = "extractive";
            return new Conversation(kb, session, (question, hits, _, _, onText, _) =>
            {
                var answer = extractive.Answer(question, hits);
                onText?.Invoke(answer.Text);
                return Task.FromResult(answer);
            }, rewriter: null, options);
        }
        var chatModel = CliChatModel.TryCreate()
            ?? throw new TailorException("chat needs a chat model: set OPENAI_BASE_URL (e.g. http://localhost:11434/v1 for Ollama) or OPENAI_API_KEY, and TAILOR_CHAT_MODEL; or pass --offline for extractive answers quoted from your documents.");
        model = chatModel.ModelId;
        var answerer = CliChatModel.Answerer(chatModel, kb);
        return new Conversation(kb, session, answerer, new QueryRewriter(chatModel), options, CliChatModel.Counter(chatModel));
    }
}
