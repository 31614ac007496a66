using Tailor.Answering;
using Tailor.Chat;

namespace Tailor.Sessions;

/// <summary>One stored turn of a chat session: who wrote it, what, the citations an answer carried, and when.</summary>
public sealed record SessionMessage(ChatRole Role, string Content, IReadOnlyList<Citation> Citations, DateTimeOffset Created)
{
    public static SessionMessage User(string content) => new(ChatRole.User, content, [], DateTimeOffset.UtcNow);

    public static SessionMessage Assistant(string content, IReadOnlyList<Citation>? citations = null) =>
        new(ChatRole.Assistant, content, citations ?? [], DateTimeOffset.UtcNow);

    /// <summary>The message as sent to a chat model.</summary>
    public ChatMessage ToChatMessage() => new(Role, Content);
}
