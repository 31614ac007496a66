namespace Tailor.FineTuning.Validation;

/// <summary>
/// The most tokens one training example may hold, per base model (OpenAI's fine-tuning limits;
/// longer examples are truncated). Dated snapshots and fine-tunes ("ft:gpt-4o-mini:...") use their
/// base model's limit.
/// </summary>
public static class TrainingTokenLimits
{
    /// <summary>The model assumed when none is given.</summary>
    public const string DefaultModel = "gpt-4o-mini";

    private static readonly (string Prefix, int Limit)[] Limits =
    [
        ("gpt-4.1-nano", 65_536), ("gpt-4.1-mini", 65_536), ("gpt-4.1", 65_536),
        ("gpt-4o-mini", 65_536), ("gpt-4o", 65_536),
        ("gpt-3.5-turbo", 16_385), ("gpt-35-turbo", 16_385),
        ("gpt-4", 8_192),
        ("davinci-002", 16_384), ("babbage-002", 16_384),
    ];

    /// <summary>The limit of <paramref name="model"/>, or false when the model is not in the table.</summary>
    public static bool TryGet(string model, out int limit)
    {
        var name = model.Trim().ToLowerInvariant();
        if (name.StartsWith("ft:", StringComparison.Ordinal)) name = name[3..];
        int slash = name.LastIndexOf('/');
        if (slash >= 0) name = name[(slash + 1)..];
        foreach (var (prefix, value) in Limits)
        {
            if (name == prefix || (name.StartsWith(prefix, StringComparison.Ordinal) && name.Length > prefix.Length && name[prefix.Length] is '-' or ':'))
            {
                limit = value;
                return true;
            }
        }
        limit = 0;
        return false;
    }

    /// <summary><paramref name="overrideLimit"/> when given, else the table's limit; throws when neither is known.</summary>
    public static int Resolve(string model, int? overrideLimit)
    {
        if (overrideLimit is { } given)
            return given > 0 ? given : throw new TailorException($"--max-tokens is {given}; give a positive number of tokens per example.");
        return TryGet(model, out var limit) ? limit
            : throw new TailorException($"No training token limit is known for model '{model}'. Pass --max-tokens N (the most tokens one example may hold for that model).");
    }
}
