using Tailor.Chat;
using Tailor.Sessions;
using Tailor.Testing;

namespace Tailor.Tests.Sessions;

public class QueryRewriterTests
{
    [Fact]
    public async Task The_first_question_is_used_as_it_is_without_asking_the_model()
    {
        var model = new ScriptedChatModel(_ => "should not be asked");
        var query = await new QueryRewriter(model).RewriteAsync([], "  How many vacation days? ");
        Assert.Equal("How many vacation days?", query);
        Assert.Empty(model.Requests);
    }

    [Fact]
    public async Task A_follow_up_is_rewritten_from_the_history()
    {
        var model = new ScriptedChatModel(_ => "Query: \"vacation days for contractors\"\nextra chatter");
        var history = new[] { SessionMessage.User("How many vacation days do employees get?"), SessionMessage.Assistant("25 days [1].") };
        var query = await new QueryRewriter(model).RewriteAsync(history, "and contractors?");
        Assert.Equal("vacation days for contractors", query);
        var sent = Assert.Single(model.Requests);
        Assert.Equal(ChatRole.System, sent[0].Role);
        Assert.Contains("User: How many vacation days do employees get?", sent[1].Content);
        Assert.Contains("Assistant: 25 days [1].", sent[1].Content);
        Assert.Contains("Follow-up question: and contractors?", sent[1].Content);
    }

    [Fact]
    public async Task Only_the_latest_messages_are_shown_and_long_ones_shortened()
    {
        var model = new ScriptedChatModel(_ => "q");
        var history = Enumerable.Range(1, 10).Select(i => SessionMessage.User($"turn {i:D2} " + new string('x', 2000))).ToList();
        await new QueryRewriter(model, maxMessages: 3, maxCharsPerMessage: 100).RewriteAsync(history, "next?");
        var prompt = model.Requests[0][1].Content;
        Assert.DoesNotContain("turn 07", prompt);
        Assert.Contains("turn 08", prompt);
        Assert.Contains("turn 10", prompt);
        Assert.True(prompt.Length < 600, prompt.Length.ToString());
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("  \n ", null)]
    [InlineData("`contractor leave policy`", "contractor leave policy")]
    [InlineData("Standalone search query: remote work rules", "remote work rules")]
    public void Clean_reads_the_query_out_of_a_reply(string reply, string? expected) =>
        Assert.Equal(expected, QueryRewriter.Clean(reply));

    [Fact]
    public async Task An_empty_reply_falls_back_to_the_question()
    {
        var model = new ScriptedChatModel(_ => "   ");
        var query = await new QueryRewriter(model).RewriteAsync([SessionMessage.User("a"), SessionMessage.Assistant("b")], "the follow-up");
        Assert.Equal("the follow-up", query);
    }
}
