namespace Tailor.Retrieval;

/// <summary>Per-query search choices.</summary>
public sealed record SearchOptions
{
    /// <summary>Number of chunk hits to return.</summary>
    public int K { get; init; } = 10;

    public SearchMode Mode { get; init; } = SearchMode.Lexical;

    public void Validate()
    {
        if (K < 1 || K > 10_000) throw new TailorException($"k is {K}; use 1 to 10000.");
    }
}
