namespace Tailor.Sessions;

/// <summary>A stored chat session: its name, how many messages it holds, and when it began and last changed.</summary>
public sealed record SessionSummary(string Name, int Messages, DateTimeOffset Created, DateTimeOffset Updated);
