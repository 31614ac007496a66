namespace Tailor.Storage;

/// <summary>A few-shot example as stored: id, input, output and the SHA-256 of input + output that makes duplicates detectable.</summary>
public sealed record StoredExample(string Id, string Input, string Output, string ContentHash);
