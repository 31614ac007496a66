namespace Tailor.Storage;

/// <summary>A session as listed: name, message count, creation and last use.</summary>
public sealed record StoredSession(string Name, int Messages, DateTimeOffset Created, DateTimeOffset Updated);
