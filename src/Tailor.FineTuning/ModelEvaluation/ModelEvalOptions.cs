using Tailor.Tokenization;

namespace Tailor.FineTuning.ModelEvaluation;

/// <summary>How <see cref="ModelEvaluator"/> runs: models, variants, concurrency, few-shot count, answer length, judge, prices, cache.</summary>
public sealed record ModelEvalOptions
{
    /// <summary>Models (or fine-tuned model and checkpoint ids) to evaluate, in order.</summary>
    public required IReadOnlyList<string> Models { get; init; }

    public IReadOnlyList<EvalVariant> Variants { get; init; } = [EvalVariant.ZeroShot];

    /// <summary>Requests in flight at once (1 to 64).</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>Few-shot examples shown per test example (the 3–5; 1 to 10 allowed).</summary>
    public int Shots { get; init; } = 4;

    /// <summary>Passages retrieved per question for the rag variant.</summary>
    public int RagK { get; init; } = 6;

    /// <summary>Longest answer, in tokens.</summary>
    public int MaxAnswerTokens { get; init; } = 512;

    /// <summary>Sampling temperature; 0 makes the comparison as repeatable as the server allows.</summary>
    public float Temperature { get; init; }

    /// <summary>A model that grades each answer against the reference (1–5, with a reason); null for none.</summary>
    public string? Judge { get; init; }

    public PriceTable Prices { get; init; } = PriceTable.Default;

    /// <summary>The answer cache file; null keeps answers in memory only (a re-run asks again).</summary>
    public string? CachePath { get; init; }

    public void Validate()
    {
        if (Models.Count == 0 || Models.Any(string.IsNullOrWhiteSpace)) throw new TailorException("no model to evaluate; pass --model MODEL (repeat it to compare several, e.g. a base model and its fine-tuned id).");
        var twice = Models.GroupBy(m => m, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (twice != null) throw new TailorException($"--model {twice.Key} is given twice; name each model once.");
        if (Variants.Count == 0) throw new TailorException($"no variant to evaluate; pass --variant ({EvalVariants.Names}).");
        if (Concurrency is < 1 or > 64) throw new TailorException($"--concurrency {Concurrency} is out of range; use 1 to 64.");
        if (Shots is < 1 or > 10) throw new TailorException($"--shots {Shots} is out of range; use 1 to 10 (3 to 5 is usual).");
        if (RagK is < 1 or > 50) throw new TailorException($"-k {RagK} is out of range; use 1 to 50.");
        if (MaxAnswerTokens is < 1 or > 100_000) throw new TailorException($"--answer-tokens {MaxAnswerTokens} is out of range; use 1 to 100000.");
        if (Temperature is < 0 or > 2) throw new TailorException($"--temperature {Temperature} is out of range; use 0 to 2.");
    }
}
