using System.Text.Json;
using Tailor.Answering;
using Tailor.Chat;
using Tailor.Storage;

namespace Tailor.Sessions;

/// <summary>
/// Chat sessions in the knowledge base's store (tables <c>sessions</c> and <c>session_messages</c>):
/// each message's role, content, citations (JSON) and time, so a conversation continues across
/// processes. A session carries a version bumped by every append and reset: a turn appends only to
/// the history it read.
/// </summary>
public sealed class SessionStore
{
    private static readonly JsonSerializerOptions CitationJson = new(JsonSerializerDefaults.Web);
    private readonly ISessionRecords _store;

    internal SessionStore(ISessionRecords store) => _store = store;

    /// <summary>Checks a session name: 1 to 100 printable characters.</summary>
    public static string ValidateName(string? name)
    {
        name = name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100 || name.Any(char.IsControl))
            throw new TailorException($"session name \"{name}\" is not usable; use 1 to 100 printable characters, e.g. --session support.");
        return name;
    }

    /// <summary>Appends messages to a session (creating it) in one transaction.</summary>
    public void Append(string session, params IReadOnlyList<SessionMessage> messages) =>
        _store.AppendToSession(ValidateName(session), messages.Select(ToStored).ToList(), expectedVersion: null);

    /// <summary>
    /// Appends messages when the session is still at <paramref name="expectedVersion"/> (what <see cref="Read"/>
    /// returned); otherwise nothing is written and the error says that another process changed the session meanwhile.
    /// </summary>
    public void Append(string session, long expectedVersion, params IReadOnlyList<SessionMessage> messages)
    {
        session = ValidateName(session);
        if (!_store.AppendToSession(session, messages.Select(ToStored).ToList(), expectedVersion))
            throw new TailorException($"session \"{session}\" was changed by another process while this turn was answered, so this turn was not stored; ask again to continue from its current history.", TailorErrorKind.Conflict);
    }

    /// <summary>A session's messages, oldest first (empty when it does not exist).</summary>
    public IReadOnlyList<SessionMessage> Messages(string session) => Read(session).Messages;

    /// <summary>A session's messages and the version they are.</summary>
    public (IReadOnlyList<SessionMessage> Messages, long Version) Read(string session)
    {
        var history = _store.ReadSession(ValidateName(session));
        return (history.Messages.Select(FromStored).ToList(), history.Version);
    }

    /// <summary>Every session, most recently used first.</summary>
    public IReadOnlyList<SessionSummary> List() =>
        _store.ListSessions().Select(s => new SessionSummary(s.Name, s.Messages, s.Created, s.Updated)).ToList();

    /// <summary>Forgets a session's messages but keeps the session; returns how many messages were removed.</summary>
    public int Reset(string session) => _store.ResetSession(ValidateName(session));

    /// <summary>Deletes a session and its messages; false when it does not exist.</summary>
    public bool Delete(string session) => _store.DeleteSession(ValidateName(session));

    /// <summary>
    /// Gives a session a new name, keeping its messages and their times: the messages are written under the new name
    /// first, then the old session is deleted. False when <paramref name="from"/> does not exist; a conflict when
    /// <paramref name="to"/> already does.
    /// </summary>
    public bool Rename(string from, string to)
    {
        from = ValidateName(from);
        to = ValidateName(to);
        if (!List().Any(s => s.Name == from)) return false;
        if (from == to) return true;
        if (List().Any(s => s.Name == to))
            throw new TailorException($"a session is already named \"{to}\"; choose another name or delete that session first.", TailorErrorKind.Conflict);
        var (messages, _) = Read(from);
        if (!_store.AppendToSession(to, messages.Select(ToStored).ToList(), expectedVersion: 0))
            throw new TailorException($"a session named \"{to}\" was created meanwhile; choose another name.", TailorErrorKind.Conflict);
        _store.DeleteSession(from);
        return true;
    }

    private static StoredMessage ToStored(SessionMessage m) => new(
        m.Role.ToString().ToLowerInvariant(), m.Content,
        m.Citations.Count == 0 ? null : JsonSerializer.Serialize(m.Citations, CitationJson), m.Created);

    private static SessionMessage FromStored(StoredMessage m) => new(
        Enum.Parse<ChatRole>(m.Role, ignoreCase: true), m.Content,
        m.CitationsJson is null ? [] : JsonSerializer.Deserialize<List<Citation>>(m.CitationsJson, CitationJson) ?? [],
        m.Created);
}
