namespace Tailor.Tokenization;

/// <summary>What a model costs, in US dollars per million input and output tokens (and training tokens, for models that can be fine-tuned).</summary>
public sealed record ModelPrice(decimal InputPerMillion, decimal OutputPerMillion)
{
    /// <summary>US dollars per million trained tokens (fine-tuning); null when the model cannot be fine-tuned or its price is unknown.</summary>
    public decimal? TrainingPerMillion { get; init; }

    /// <summary>Cost in US dollars of the given token counts.</summary>
    public decimal Cost(long inputTokens, long outputTokens = 0) =>
        (inputTokens * InputPerMillion + outputTokens * OutputPerMillion) / 1_000_000m;
}
