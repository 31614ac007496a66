namespace Tailor.Storage;

/// <summary>
/// A session's messages, oldest first, and its version: bumped by every append or reset, so a turn that
/// read this history appends only when nobody changed the session in between.
/// </summary>
public sealed record SessionHistory(IReadOnlyList<StoredMessage> Messages, long Version);
