namespace Tailor.Retrieval;

/// <summary>Per-query search choices.</summary>
public sealed record SearchOptions
{
    /// <summary>Number of chunk hits to return.</summary>
    public int K { get; init; } = 10;

    /// <summary>Retrieval mode; null = the knowledge base's default (hybrid unless configured otherwise).</summary>
    public SearchMode? Mode { get; init; }

    public void Validate()
    {
        if (K < 1 || K > 10_000) throw new TailorException($"k is {K}; use 1 to 10000.");
    }
}
