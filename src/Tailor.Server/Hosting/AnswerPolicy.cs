using Tailor.Answering;
using Tailor.Chat;
using Tailor.Retrieval;
using Tailor.Sessions;
using Tailor.Tokenization;

namespace Tailor.Server.Hosting;

/// <summary>
/// How the server answers, the same way as <c>tailor ask</c>: with the configured chat model (generated, cited
/// answers), else the offline extractive answerer. Every endpoint that answers (ask, session turns, chat completions)
/// goes through here.
/// </summary>
public sealed class AnswerPolicy(ServerOptions options)
{
    private readonly PriceTable _prices = PriceTable.Resolve();

    public IChatModel? Model => options.ChatModel;

    /// <summary>Answers <paramref name="question"/> from the knowledge base; <paramref name="onText"/> receives the text as it is written.</summary>
    public async Task<Answer> AskAsync(KnowledgeBase kb, string question, AskOptions ask, Action<string>? onText, CancellationToken ct)
    {
        using var activity = Operations.ServerMetrics.Activities.StartActivity("answer");
        activity?.SetTag("tailor.model", Model?.ModelId ?? "extractive");
        if (Model is null)
        {
            var answer = await kb.AskAsync(question, ask, ct);
            onText?.Invoke(answer.Text);
            return answer;
        }
        return await kb.AskAsync(question, kb.CreateAnswerer(Model, prices: _prices), ask, onText, ct);
    }

    /// <summary>Answers from hits already retrieved, after <paramref name="history"/> (the OpenAI-compatible chat).</summary>
    public async Task<Answer> AnswerAsync(KnowledgeBase kb, string question, IReadOnlyList<Hit> hits, IReadOnlyList<ChatMessage> history, AskOptions ask,
        Action<string>? onText, CancellationToken ct)
    {
        if (Model is null)
        {
            var answer = kb.CreateExtractiveAnswerer(ask).Answer(question, hits);
            onText?.Invoke(answer.Text);
            return answer;
        }
        return await kb.CreateAnswerer(Model, prices: _prices).AnswerAsync(question, hits, null, history, onText, ct);
    }

    /// <summary>A conversation in the stored session <paramref name="session"/>: follow-ups rewritten by the model, or searched for as written offline.</summary>
    public Conversation Conversation(KnowledgeBase kb, string session, ConversationOptions conversation) =>
        kb.OpenConversation(session, Model, conversation, prices: _prices);
}
