namespace Tailor.FineTuning.ModelEvaluation;

/// <summary>
/// A model's answer to one test example in one variant, as the answer cache keeps it: the text,
/// tokens, latency of the request that produced it, the few-shot example ids or cited sources it
/// was given, and the judge's grade when one was asked.
/// </summary>
public sealed record CachedAnswer
{
    public required string Model { get; init; }

    public required string Variant { get; init; }

    /// <summary>The test example's key (<see cref="TestItem.Key"/>).</summary>
    public required string Item { get; init; }

    public required string Answer { get; init; }

    public int PromptTokens { get; init; }

    public int CompletionTokens { get; init; }

    public double LatencyMs { get; init; }

    /// <summary>Ids of the few-shot examples shown, or the sources retrieved (rag).</summary>
    public IReadOnlyList<string> Context { get; init; } = [];

    /// <summary>The judge model's grade, 1 (wrong) to 5 (as good as the reference); null without a judge.</summary>
    public int? JudgeScore { get; init; }

    public string? JudgeReason { get; init; }

    public string? Judge { get; init; }
}
