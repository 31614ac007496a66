namespace Tailor.Chat;

/// <summary>
/// Known context windows (prompt plus answer, in tokens) of common chat models, matched by exact
/// name, then by the longest known prefix (dated snapshots "gpt-4o-2024-08-06", Ollama tags
/// "llama3.1:8b", fine-tunes "ft:gpt-4o-mini:..."). A provider prefix ("openai/") is ignored.
/// Unknown models get <see cref="Default"/>; override with <c>--context-window</c> or
/// <c>openai.contextWindow</c>.
/// </summary>
public static class ModelContextWindows
{
    /// <summary>The window assumed for a model Tailor does not know: small enough for most local models.</summary>
    public const int Default = 8_192;

    // Longest prefix wins, so "llama3.1" beats "llama3" and "gpt-4o-mini" beats "gpt-4o".
    private static readonly (string Prefix, int Window)[] Known =
    [
        ("gpt-5", 400_000),
        ("gpt-4.1", 1_047_576),
        ("gpt-4.5", 128_000),
        ("gpt-4o", 128_000),
        ("chatgpt-4o", 128_000),
        ("gpt-4-turbo", 128_000),
        ("gpt-4-32k", 32_768),
        ("gpt-4", 8_192),
        ("gpt-3.5-turbo", 16_385),
        ("gpt-35-turbo", 16_385),
        ("o1", 200_000),
        ("o1-mini", 128_000),
        ("o3", 200_000),
        ("o3-mini", 200_000),
        ("o4-mini", 200_000),
        ("llama3", 8_192),
        ("llama-3", 8_192),
        ("llama3.1", 131_072),
        ("llama3.2", 131_072),
        ("llama3.3", 131_072),
        ("llama-3.1", 131_072),
        ("llama-3.2", 131_072),
        ("llama-3.3", 131_072),
        ("llama4", 131_072),
        ("mistral", 32_768),
        ("mixtral", 32_768),
        ("qwen2.5", 32_768),
        ("qwen3", 32_768),
        ("gemma2", 8_192),
        ("gemma3", 131_072),
        ("phi3", 4_096),
        ("phi4", 16_384),
        ("deepseek-r1", 131_072),
    ];

    /// <summary>The window of <paramref name="model"/>: <paramref name="overrideWindow"/> when given, else the known one, else <see cref="Default"/>.</summary>
    public static int For(string model, int? overrideWindow = null)
    {
        if (overrideWindow is { } w)
        {
            if (w <= 0) throw new TailorException($"the context window for {model} is {w}; give a positive number of tokens.");
            return w;
        }
        return TryGet(model, out int known) ? known : Default;
    }

    /// <summary>The known window of <paramref name="model"/>, or false when Tailor does not know the model.</summary>
    public static bool TryGet(string model, out int window)
    {
        window = 0;
        if (string.IsNullOrWhiteSpace(model)) return false;
        var name = model.Trim().ToLowerInvariant();
        if (name.StartsWith("ft:", StringComparison.Ordinal)) name = name[3..];
        int slash = name.LastIndexOf('/');
        if (slash >= 0) name = name[(slash + 1)..];
        int best = -1;
        foreach (var (prefix, size) in Known)
        {
            if (prefix.Length <= best || !name.StartsWith(prefix, StringComparison.Ordinal)) continue;
            // the prefix must end at a name boundary: "o1" matches "o1-2024-12-17" and "o1", not "o10"
            if (name.Length > prefix.Length && char.IsLetterOrDigit(name[prefix.Length]) && !char.IsLetter(prefix[^1])) continue;
            best = prefix.Length;
            window = size;
        }
        return best >= 0;
    }
}
