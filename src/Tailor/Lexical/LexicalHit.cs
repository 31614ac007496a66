namespace Tailor.Lexical;

/// <summary>One result of a lexical search: a chunk and its BM25 score (higher is better).</summary>
public readonly record struct LexicalHit(long ChunkId, double Score);
