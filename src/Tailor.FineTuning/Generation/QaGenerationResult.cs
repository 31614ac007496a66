namespace Tailor.FineTuning.Generation;

/// <summary>What a generation run produced: the kept pairs, and how many were dropped as ungrounded, unreadable or repeated.</summary>
public sealed record QaGenerationResult(IReadOnlyList<GeneratedPair> Pairs, int ChunksUsed, int Ungrounded, int Unparsed, int Duplicates, string Model);
