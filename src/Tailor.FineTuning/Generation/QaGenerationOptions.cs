namespace Tailor.FineTuning.Generation;

/// <summary>
/// How to generate question–answer pairs from a knowledge base: pairs asked per chunk, how many
/// chunks to sample (seeded), the shortest chunk worth asking about, the least share of an answer's
/// words that must occur in its chunk (the grounding check), and an optional system message for
/// the written examples.
/// </summary>
public sealed record QaGenerationOptions
{
    public int PerChunk { get; init; } = 2;

    public int MaxChunks { get; init; } = 50;

    public int Seed { get; init; } = 42;

    public int MinChunkTokens { get; init; } = 20;

    public double MinGrounding { get; init; } = 0.5;

    public string? SystemMessage { get; init; }

    public void Validate()
    {
        if (PerChunk is < 1 or > 20) throw new TailorException($"--per-chunk {PerChunk} must be 1 to 20.");
        if (MaxChunks < 1) throw new TailorException($"--chunks {MaxChunks} must be at least 1.");
        if (MinChunkTokens < 0) throw new TailorException($"--min-chunk-tokens {MinChunkTokens} must not be negative.");
        if (MinGrounding is < 0 or > 1 || double.IsNaN(MinGrounding)) throw new TailorException($"--min-grounding {MinGrounding} must be a share from 0 to 1.");
    }
}
