namespace Tailor.Chunking;

/// <summary>How documents are cut into chunks. Saved in the knowledge base manifest.</summary>
public sealed record ChunkingOptions
{
    /// <summary>Upper bound of tokens per chunk.</summary>
    public int MaxTokens { get; init; } = 400;

    /// <summary>Tokens of the previous chunk repeated at the start of the next one in a long section.</summary>
    public int OverlapTokens { get; init; } = 50;

    /// <summary>Small trailing pieces below this are merged into their neighbour when the section allows.</summary>
    public int MinTokens { get; init; } = 40;

    /// <summary>These options with chunks of <paramref name="maxTokens"/>: overlap and minimum are kept at most a quarter of it.</summary>
    public ChunkingOptions WithMaxTokens(int maxTokens) =>
        this with { MaxTokens = maxTokens, OverlapTokens = Math.Min(OverlapTokens, maxTokens / 4), MinTokens = Math.Min(MinTokens, maxTokens / 4) };

    public void Validate()
    {
        if (MaxTokens < 16) throw new TailorException($"chunking.maxTokens is {MaxTokens}; use at least 16.");
        if (OverlapTokens < 0 || OverlapTokens >= MaxTokens / 2)
            throw new TailorException($"chunking.overlapTokens is {OverlapTokens}; use 0 to less than half of maxTokens ({MaxTokens}).");
        if (MinTokens < 0 || MinTokens > MaxTokens)
            throw new TailorException($"chunking.minTokens is {MinTokens}; use 0 to maxTokens ({MaxTokens}).");
    }
}
