namespace Tailor.Lexical;

/// <summary>
/// RM3 pseudo-relevance feedback: the query is expanded with the strongest terms of the top-ranked
/// chunks and searched again.
/// </summary>
public sealed record FeedbackOptions
{
    /// <summary>How many top chunks of the first search feed the expansion.</summary>
    public int Documents { get; init; } = 10;

    /// <summary>How many expansion terms are kept.</summary>
    public int Terms { get; init; } = 10;

    /// <summary>Weight of the original query against the expansion terms, 0 to 1.</summary>
    public double OriginalQueryWeight { get; init; } = 0.5;

    /// <summary>Throws a <see cref="TailorException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (Documents < 1 || Documents > 1000)
            throw new TailorException($"Feedback option Documents = {Documents} is out of range: use 1 to 1000 (typical 10).");
        if (Terms < 1 || Terms > 1000)
            throw new TailorException($"Feedback option Terms = {Terms} is out of range: use 1 to 1000 (typical 10).");
        if (!double.IsFinite(OriginalQueryWeight) || OriginalQueryWeight < 0 || OriginalQueryWeight > 1)
            throw new TailorException($"Feedback option OriginalQueryWeight = {OriginalQueryWeight} is out of range: use 0 to 1 (typical 0.5).");
    }
}
