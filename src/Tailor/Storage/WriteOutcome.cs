namespace Tailor.Storage;

/// <summary>Result of writing one document: the chunk ids it now has and the ones it lost.</summary>
public readonly record struct WriteOutcome(string DocumentId, bool Replaced, long[] NewChunkIds, long[] RemovedChunkIds);
