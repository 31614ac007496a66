namespace Tailor.Storage;

/// <summary>A session message as stored: role (lower-case), content, citations as JSON (null: none) and time.</summary>
public sealed record StoredMessage(string Role, string Content, string? CitationsJson, DateTimeOffset Created);
