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

    [Fact]
    public void Rename_keeps_messages_citations_and_times_and_refuses_a_taken_name()
    {
        var citation = new Citation(1, "handbook.md", "handbook.md", "handbook.md#L3-L4", "Employees get 25 days.");
        using var kb = KnowledgeBase.Open(_temp.File("kb"));
        kb.Sessions.Append("old", SessionMessage.User("How many vacation days?"), SessionMessage.Assistant("25 days [1].", [citation]));
        kb.Sessions.Append("taken", SessionMessage.User("x"));
        var before = kb.Sessions.Messages("old");

        var conflict = Assert.Throws<TailorException>(() => kb.Sessions.Rename("old", "taken"));
        Assert.Equal(TailorErrorKind.Conflict, conflict.Kind);
        Assert.Equal(2, kb.Sessions.Messages("old").Count);
        Assert.False(kb.Sessions.Rename("missing", "new"));

        Assert.True(kb.Sessions.Rename("old", "new"));
        Assert.Equal(["new", "taken"], kb.Sessions.List().Select(s => s.Name).Order());
        Assert.Empty(kb.Sessions.Messages("old"));
        var after = kb.Sessions.Messages("new");
        Assert.Equal(before.Select(m => (m.Role, m.Content, m.Created)), after.Select(m => (m.Role, m.Content, m.Created)));
        Assert.Equal(citation, Assert.Single(after[1].Citations));

        // a renamed session continues: the next turn's version check sees its history
        var (messages, version) = kb.Sessions.Read("new");
        Assert.Equal(2, messages.Count);
        kb.Sessions.Append("new", version, SessionMessage.User("And contractors?"));
        Assert.Equal(3, kb.Sessions.Messages("new").Count);
    }

    public void Dispose() => _temp.Dispose();
}
