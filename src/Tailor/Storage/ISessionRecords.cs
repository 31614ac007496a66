namespace Tailor.Storage;

/// <summary>Chat sessions' rows.</summary>
public interface ISessionRecords
{
    /// <summary>A session's messages and version (empty, version 0, when it does not exist).</summary>
    SessionHistory ReadSession(string name);

    /// <summary>
    /// Appends messages (creating the session) in one transaction when the session's version is still
    /// <paramref name="expectedVersion"/> (null: whatever it is); false, and nothing written, when it moved.
    /// </summary>
    bool AppendToSession(string name, IReadOnlyList<StoredMessage> messages, long? expectedVersion);

    /// <summary>Every session, most recently used first.</summary>
    List<StoredSession> ListSessions();

    /// <summary>Removes a session's messages, keeping it; returns how many were removed.</summary>
    int ResetSession(string name);

    /// <summary>False when it does not exist.</summary>
    bool DeleteSession(string name);
}
