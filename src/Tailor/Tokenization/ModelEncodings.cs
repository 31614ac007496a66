namespace Tailor.Tokenization;

/// <summary>
/// Which encoding a model uses, following tiktoken's table: exact names first, then the longest
/// matching prefix (dated snapshots such as "gpt-4o-2024-08-06", fine-tunes "ft:gpt-4o-mini:...").
/// A provider prefix such as "openai/" is ignored.
/// </summary>
public static class ModelEncodings
{
    private const string O200k = "o200k_base";
    private const string Cl100k = "cl100k_base";

    private static readonly Dictionary<string, string> Exact = new(StringComparer.Ordinal)
    {
        ["gpt-5"] = O200k,
        ["gpt-4.5"] = O200k,
        ["gpt-4.1"] = O200k,
        ["gpt-4o"] = O200k,
        ["chatgpt-4o-latest"] = O200k,
        ["o1"] = O200k,
        ["o3"] = O200k,
        ["o4-mini"] = O200k,
        ["gpt-4"] = Cl100k,
        ["gpt-3.5-turbo"] = Cl100k,
        ["gpt-3.5"] = Cl100k,
        ["gpt-35-turbo"] = Cl100k,
        ["davinci-002"] = Cl100k,
        ["babbage-002"] = Cl100k,
        ["text-embedding-ada-002"] = Cl100k,
        ["text-embedding-3-small"] = Cl100k,
        ["text-embedding-3-large"] = Cl100k,
    };

    private static readonly (string Prefix, string Encoding)[] Prefixes =
    [
        ("gpt-5-", O200k), ("gpt-5.", O200k), ("gpt-4.5-", O200k), ("gpt-4.1-", O200k), ("gpt-4o-", O200k),
        ("chatgpt-4o-", O200k), ("o1-", O200k), ("o3-", O200k), ("o4-mini-", O200k), ("ft:gpt-4o", O200k), ("ft:gpt-4.1", O200k),
        ("gpt-4-", Cl100k), ("gpt-3.5-turbo-", Cl100k), ("gpt-35-turbo-", Cl100k), ("ft:gpt-4", Cl100k),
        ("ft:gpt-3.5-turbo", Cl100k), ("ft:davinci-002", Cl100k), ("ft:babbage-002", Cl100k),
    ];

    /// <summary>The encoding name for <paramref name="model"/>, or false when the model is unknown.</summary>
    public static bool TryGetEncoding(string model, out string? encoding)
    {
        encoding = null;
        if (string.IsNullOrWhiteSpace(model)) return false;
        var name = Normalize(model);
        if (Exact.TryGetValue(name, out encoding)) return true;
        int best = -1;
        foreach (var (prefix, enc) in Prefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal) && prefix.Length > best)
            {
                best = prefix.Length;
                encoding = enc;
            }
        }
        return encoding != null;
    }

    /// <summary>The encoding name for <paramref name="model"/>; throws <see cref="TailorException"/> for an unknown model.</summary>
    public static string GetEncoding(string model) =>
        TryGetEncoding(model, out var e) ? e!
        : throw new TailorException($"Unknown model '{model}': Tailor does not know its tokenizer. Pass --encoding cl100k_base or --encoding o200k_base instead (GPT-4o, GPT-4.1, GPT-5 and the o-series use o200k_base; GPT-4, GPT-3.5 and the embedding models use cl100k_base).");

    /// <summary>Lower-cases and drops a provider prefix ("openai/gpt-4o" → "gpt-4o").</summary>
    internal static string Normalize(string model)
    {
        var name = model.Trim().ToLowerInvariant();
        int slash = name.LastIndexOf('/');
        return slash >= 0 ? name[(slash + 1)..] : name;
    }
}
