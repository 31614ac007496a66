namespace Tailor.Tokenization;

/// <summary>What a model costs, in US dollars per million input and output tokens.</summary>
public sealed record ModelPrice(decimal InputPerMillion, decimal OutputPerMillion)
{
    /// <summary>Cost in US dollars of the given token counts.</summary>
    public decimal Cost(long inputTokens, long outputTokens = 0) =>
        (inputTokens * InputPerMillion + outputTokens * OutputPerMillion) / 1_000_000m;
}
