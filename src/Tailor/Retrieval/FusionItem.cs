namespace Tailor.Retrieval;

/// <summary>One entry of a ranked list handed to fusion: a chunk id and its score (higher is better).</summary>
public readonly record struct FusionItem(long Id, double Score);
