using System.CommandLine;
using Tailor.Answering;
using Tailor.Chat;
using Tailor.Lexical;
using Tailor.Sessions;
using Tailor.Tokenization;

namespace Tailor.Cli;

/// <summary>Builds the conversation behind <c>tailor chat</c> and <c>tailor ask --session</c>: generated answers with a chat model, or extractive ones offline.</summary>
internal static class CliConversation
{
    /// <summary>A conversation in <paramref name="session"/> answered by <paramref name="model"/> (follow-ups rewritten by it) through the knowledge base's generated answerer.</summary>
    public static Conversation WithModel(KnowledgeBase kb, string session, IChatModel model, ChatModelHost chat, ParseResult parse, ConversationOptions options)
    {
        var answerer = kb.CreateAnswerer(model, chat.Generation(parse), PriceTable.Resolve());
        return new Conversation(kb, session, answerer.AnswerAsync, new QueryRewriter(model), options, TokenCounters.ForModel(model.ModelId));
    }

    /// <summary>A conversation in <paramref name="session"/> answered extractively; every question is searched for as written.</summary>
    public static Conversation Offline(KnowledgeBase kb, string session, ConversationOptions options)
    {
        var extractive = new ExtractiveAnswerer(new Analyzer(kb.Options.Lexical).Analyze, options.Ask, kb.Meaning);
        return new Conversation(kb, session, (question, hits, _, _, onText, _) =>
        {
            var answer = extractive.Answer(question, hits);
            onText?.Invoke(answer.Text);
            return Task.FromResult(answer);
        }, rewriter: null, options);
    }
}
