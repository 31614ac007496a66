namespace Tailor.Storage;

/// <summary>
/// What a store can restrict chunks by: their document's tags (all must be present, lower-case), source
/// prefix and date range (UTC, before exclusive). Built from a search's filter by retrieval.
/// </summary>
public sealed record ChunkFilter(IReadOnlyList<string> Tags, string? SourcePrefix, DateTime? After, DateTime? Before, IReadOnlyList<string>? Groups = null);
