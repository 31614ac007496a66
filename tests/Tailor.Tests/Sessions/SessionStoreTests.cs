using Tailor.Answering;
using Tailor.Chat;
using Tailor.Sessions;
using Tailor.Testing;

namespace Tailor.Tests.Sessions;

public sealed class SessionStoreTests : IDisposable
{
    private readonly TempDirectory _temp = new("tailor-sessions");

    [Fact]
    public void Messages_with_citations_survive_reopening_in_order()
    {
        var citation = new Citation(1, "handbook.md", "handbook.md", "handbook.md#L3-L4", "Employees get 25 days.");
        using (var kb = KnowledgeBase.Open(_temp.File("kb")))
        {
            kb.Sessions.Append("support", SessionMessage.User("How many vacation days?"), SessionMessage.Assistant("25 days [1].", [citation]));
            kb.Sessions.Append("support", SessionMessage.User("And contractors?"));
            kb.Sessions.Append("other", SessionMessage.User("Unrelated"));
        }
        using var reopened = KnowledgeBase.OpenExisting(_temp.File("kb"));
        var messages = reopened.Sessions.Messages("support");
        Assert.Equal([ChatRole.User, ChatRole.Assistant, ChatRole.User], messages.Select(m => m.Role));
        Assert.Equal("And contractors?", messages[2].Content);
        Assert.Equal(citation, Assert.Single(messages[1].Citations));
        Assert.Empty(messages[0].Citations);

        var sessions = reopened.Sessions.List();
        Assert.Equal(["other", "support"], sessions.Select(s => s.Name).Order());
        Assert.Equal(3, sessions.Single(s => s.Name == "support").Messages);
    }

    [Fact]
    public void Reset_keeps_the_session_and_delete_removes_it()
    {
        using var kb = KnowledgeBase.Open(_temp.File("kb"));
        kb.Sessions.Append("s", SessionMessage.User("one"), SessionMessage.Assistant("two"));
        Assert.Equal(2, kb.Sessions.Reset("s"));
        Assert.Empty(kb.Sessions.Messages("s"));
        Assert.Equal(0, Assert.Single(kb.Sessions.List()).Messages);
        Assert.True(kb.Sessions.Delete("s"));
        Assert.False(kb.Sessions.Delete("s"));
        Assert.Empty(kb.Sessions.List());
        Assert.Empty(kb.Sessions.Messages("never-existed"));
        Assert.Throws<TailorException>(() => kb.Sessions.Append("  ", SessionMessage.User("x")));
    }

    public void Dispose() => _temp.Dispose();
}
