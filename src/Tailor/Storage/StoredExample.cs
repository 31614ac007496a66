namespace Tailor.Storage;

/// <summary>
/// A few-shot example as stored: id, input, output, the SHA-256 of input + output that makes duplicates detectable, and the
/// id of the document it was drawn from (null: none), whose access groups decide who may see it.
/// </summary>
public sealed record StoredExample(string Id, string Input, string Output, string ContentHash, string? Document = null);
