using Tailor.Answering;
using Tailor.Chat;
using Tailor.Retrieval;
using Tailor.Sessions;
using Tailor.Testing;

namespace Tailor.Tests.Sessions;

public sealed class ConversationTests : IDisposable
{
    private readonly TempDirectory _temp = new("tailor-conversation");
    private readonly KnowledgeBase _kb;
    private readonly List<(string Question, IReadOnlyList<Hit> Hits, IReadOnlyList<FewShotExample>? Examples, IReadOnlyList<ChatMessage>? History)> _calls = [];

    public ConversationTests()
    {
        _temp.Write("docs/employees.md", "# Employees\n\nEmployees get 25 vacation days per year.\n");
        _temp.Write("docs/contractors.md", "# Contractors\n\nContractors invoice monthly and get no paid leave.\n");
        _temp.Write("docs/kitchen.md", "# Kitchen\n\nThe kitchen closes at six.\n");
        _kb = KnowledgeBase.Open(_temp.File("kb"));
        _kb.IngestAsync([_temp.File("docs")]).GetAwaiter().GetResult();
    }

    private Task<Answer> Answer(string question, IReadOnlyList<Hit> hits, IReadOnlyList<FewShotExample>? examples, IReadOnlyList<ChatMessage>? history, Action<string>? onText, CancellationToken ct)
    {
        _calls.Add((question, hits, examples, history));
        var text = $"About {hits[0].DocumentId} [1].";
        onText?.Invoke(text);
        return Task.FromResult(new Answer
        {
            Text = text,
            Found = true,
            Citations = [new Citation(1, hits[0].DocumentId, hits[0].Source, hits[0].Link, hits[0].Text)],
            Sources = hits,
        });
    }

    [Fact]
    public async Task A_follow_up_is_searched_for_as_rewritten_and_the_turns_persist()
    {
        var model = new ScriptedChatModel(_ => "contractors paid leave");
        var conversation = new Conversation(_kb, "hr", Answer, new QueryRewriter(model), new ConversationOptions { Ask = new AskOptions { K = 2 } });

        var first = await conversation.AskAsync("How many vacation days do employees get?");
        Assert.Equal("How many vacation days do employees get?", first.SearchQuery);
        Assert.Empty(model.Requests);
        Assert.Equal("employees.md", _calls[0].Hits[0].DocumentId);
        Assert.Empty(_calls[0].History!);

        var streamed = new List<string>();
        var second = await conversation.AskAsync("And what about them?", streamed.Add);
        Assert.Equal("contractors paid leave", second.SearchQuery);
        Assert.Contains("How many vacation days do employees get?", Assert.Single(model.Requests)[1].Content);
        Assert.Equal("contractors.md", _calls[1].Hits[0].DocumentId); // retrieval used the rewrite: the question alone names no document
        Assert.Equal("And what about them?", _calls[1].Question);
        Assert.Equal([ChatRole.User, ChatRole.Assistant], _calls[1].History!.Select(m => m.Role));
        Assert.Equal(2, second.HistoryMessages);
        Assert.Equal(["About contractors.md [1]."], streamed);

        using var reopened = KnowledgeBase.OpenExisting(_temp.File("kb"));
        var stored = reopened.Sessions.Messages("hr");
        Assert.Equal(4, stored.Count);
        Assert.Equal("contractors.md", Assert.Single(stored[3].Citations).DocumentId);
    }

    [Fact]
    public async Task History_beyond_the_budget_is_left_out_and_examples_are_chosen_per_question()
    {
        _kb.Examples.Add("How many vacation days do employees get?", "25 days [1].", "vacation");
        _kb.Examples.Add("When does the kitchen close?", "At six [1].", "kitchen");
        var conversation = new Conversation(_kb, "budget", Answer, options: new ConversationOptions { HistoryTokens = 30, Examples = 1 });
        for (int i = 0; i < 4; i++) await conversation.AskAsync($"Question {i}: when does the kitchen close today, and is it open on weekends?");
        var last = _calls[^1];
        Assert.True(HistoryBudget.Count(last.History!, Tailor.Tokenization.EstimatingTokenCounter.Instance) <= 30);
        Assert.True(last.History!.Count < 6, $"{last.History!.Count} messages kept");
        Assert.Equal("kitchen", Assert.Single(last.Examples!).Id);
        Assert.Equal(8, conversation.History.Count);
        Assert.Equal(8, conversation.Reset());
        Assert.Empty(conversation.History);
    }

    private static Exception ServerDown() => new TailorException("the model server at http://127.0.0.1:9/v1/ cannot be reached", TailorErrorKind.Upstream);

    [Fact]
    public async Task With_the_extractive_fallback_a_turn_the_model_fails_is_answered_offline_and_says_why()
    {
        var model = new ScriptedChatModel(_ => throw ServerDown());
        var options = new ConversationOptions { Ask = new AskOptions { Fallback = AnswerFallback.Extractive }, Examples = 0 };
        var conversation = _kb.OpenConversation("fallback", model, options);

        var first = await conversation.AskAsync("How many vacation days do employees get?"); // the answer fails
        Assert.Equal("extractive", first.Answer.Model);
        Assert.Contains("25 vacation days", first.Answer.Text);
        Assert.Contains("cannot be reached", first.Answer.Fallback);

        var second = await conversation.AskAsync("And contractors?"); // now the rewrite fails first
        Assert.Equal("And contractors?", second.SearchQuery);
        Assert.Contains("cannot be reached", second.Answer.Fallback);
        Assert.Equal(4, _kb.Sessions.Messages("fallback").Count);

        var strict = _kb.OpenConversation("strict", model, options with { Ask = new AskOptions() });
        await Assert.ThrowsAsync<TailorException>(() => strict.AskAsync("How many vacation days do employees get?"));
        Assert.Empty(_kb.Sessions.Messages("strict"));
    }

    [Fact]
    public async Task Ask_with_the_extractive_fallback_answers_from_the_same_hits_when_the_model_fails()
    {
        var answerer = _kb.CreateAnswerer(new ScriptedChatModel(_ => throw ServerDown()));
        var answer = await _kb.AskAsync("How many vacation days do employees get?", answerer, new AskOptions { Fallback = AnswerFallback.Extractive, Examples = 0 });
        Assert.Equal("extractive", answer.Model);
        Assert.True(answer.Found);
        Assert.Contains("cannot be reached", answer.Fallback);
        var failed = await Assert.ThrowsAsync<TailorException>(() => _kb.AskAsync("How many vacation days do employees get?", answerer, new AskOptions { Examples = 0 }));
        Assert.Equal(TailorErrorKind.Upstream, failed.Kind);
    }

    [Fact]
    public async Task Answering_from_hits_with_a_model_or_none_is_the_same_choice_as_ask()
    {
        const string question = "How many vacation days do employees get?";
        var hits = (await _kb.SearchAsync(question, new AskOptions().ToSearchOptions())).Hits;
        var shown = new List<string>();
        var offline = await _kb.AnswerAsync(question, hits, history: null, model: null, onText: shown.Add);
        Assert.Equal((await _kb.AskAsync(question)).Text, offline.Text);
        Assert.Equal([offline.Text], shown);

        var down = new ScriptedChatModel(_ => throw ServerDown());
        var fallback = await _kb.AnswerAsync(question, hits, null, down, new AskOptions { Fallback = AnswerFallback.Extractive });
        Assert.Equal(offline.Text, fallback.Text);
        Assert.Contains("cannot be reached", fallback.Fallback);
        await Assert.ThrowsAsync<TailorException>(() => _kb.AnswerAsync(question, hits, null, down));

        var generated = await _kb.AnswerAsync(question, hits, [new ChatMessage(ChatRole.User, "Hello")], new ScriptedChatModel(_ => "Employees get 25 vacation days [1]."));
        Assert.Equal("scripted-model", generated.Model);
        Assert.Equal("Employees get 25 vacation days [1].", generated.Text);
    }

    [Fact]
    public async Task An_offline_conversation_answers_extractively_and_searches_for_the_question_as_written()
    {
        var turn = await _kb.OpenConversation("offline", model: null).AskAsync("When does the kitchen close?");
        Assert.Equal("extractive", turn.Answer.Model);
        Assert.Equal("When does the kitchen close?", turn.SearchQuery);
        Assert.Contains("six", turn.Answer.Text);
        Assert.Null(turn.Answer.Fallback);
    }

    public void Dispose()
    {
        _kb.Dispose();
        _temp.Dispose();
    }
}
