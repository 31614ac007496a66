namespace Tailor.Server.Api.Contracts;

/// <summary>A file (or a line of one) that could not be ingested, and why.</summary>
public sealed record FailureJson(string File, string Error);
