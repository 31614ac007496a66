namespace Tailor.FineTuning.ModelEvaluation;

/// <summary>
/// One test example put to one model in one variant: the answer and its scores, or the error that
/// kept it from being answered (<see cref="Failed"/>: not counted as a wrong answer).
/// </summary>
public sealed record ItemOutcome
{
    public required int Line { get; init; }

    public required string Model { get; init; }

    public required string Variant { get; init; }

    public required string Question { get; init; }

    public required string Reference { get; init; }

    /// <summary>The model's answer; null when the request failed.</summary>
    public string? Answer { get; init; }

    /// <summary>Why the request failed (after retries); null when answered.</summary>
    public string? Error { get; init; }

    public bool Failed => Answer is null;

    public bool ExactMatch { get; init; }

    public double TokenF1 { get; init; }

    /// <summary>Whether the answer is JSON, when the references are; else null.</summary>
    public bool? JsonValid { get; init; }

    /// <summary>The predicted label (normalized answer) when the references form a label set; else null.</summary>
    public string? Label { get; init; }

    public int? JudgeScore { get; init; }

    public string? JudgeReason { get; init; }

    public int PromptTokens { get; init; }

    public int CompletionTokens { get; init; }

    public double LatencyMs { get; init; }

    public decimal? CostUsd { get; init; }

    /// <summary>The few-shot example ids or the retrieved sources the model was given.</summary>
    public IReadOnlyList<string> Context { get; init; } = [];

    /// <summary>True when the answer came from the cache of an earlier run (no request was sent).</summary>
    public bool Cached { get; init; }

    /// <summary>The item's score for comparing variants: exact match for labels, the judge's grade / 5 with a judge, else token F1.</summary>
    internal double Primary { get; init; }
}
