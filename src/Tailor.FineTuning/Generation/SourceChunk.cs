namespace Tailor.FineTuning.Generation;

/// <summary>A chunk of a knowledge base to write questions about, with where it came from.</summary>
public sealed record SourceChunk(string DocumentId, string Title, string Link, long ChunkId, string Section, string Text);
