namespace Tailor.Tokenization;

/// <summary>
/// Picks the token counter for chunking and prompt budgets: the cl100k_base tokenizer when its
/// vocabulary can be found or downloaded, else <see cref="EstimatingTokenCounter"/>, saying so
/// once per process.
/// </summary>
public static class TokenCounters
{
    /// <summary>The encoding chunk sizes are measured in.</summary>
    public const string ChunkingEncoding = "cl100k_base";

    private static int _noted;

    /// <summary>
    /// The cl100k_base tokenizer, or the estimate when no vocabulary is available. The first time
    /// the estimate is chosen, <paramref name="notice"/> (default: standard error) is told why.
    /// </summary>
    public static ITokenCounter ForChunking(string? vocabDir = null, Action<string>? notice = null) =>
        ForChunking(VocabularySource.Default(vocabDir), notice, out _);

    /// <summary>As <see cref="ForChunking(string?, Action{string}?)"/>, with the source given and a flag saying whether the estimate was used.</summary>
    public static ITokenCounter ForChunking(VocabularySource source, Action<string>? notice, out bool estimated)
    {
        try
        {
            var tokenizer = TokenizerRegistry.Get(TokenEncoding.GetBuiltIn(ChunkingEncoding), source);
            estimated = false;
            return tokenizer;
        }
        catch (TailorException ex)
        {
            estimated = true;
            if (Interlocked.Exchange(ref _noted, 1) == 0)
            {
                var message = $"note: token counts are estimated (about 4 characters per token), not exact. {ex.Message}";
                if (notice != null) notice(message);
                else Console.Error.WriteLine(message);
            }
            return EstimatingTokenCounter.Instance;
        }
    }

    /// <summary>
    /// The counter for prompts to <paramref name="model"/>: its own encoding when Tailor knows the model
    /// (see <see cref="ModelEncodings"/>), else cl100k_base as an approximation (Llama, Mistral and Qwen
    /// vocabularies differ but are close in size); the estimate when the vocabulary is unavailable.
    /// </summary>
    public static ITokenCounter ForModel(string model, string? vocabDir = null, Action<string>? notice = null)
    {
        var encoding = ModelEncodings.TryGetEncoding(model, out var known) ? known! : ChunkingEncoding;
        if (encoding == ChunkingEncoding) return ForChunking(vocabDir, notice);
        return TokenizerRegistry.TryGet(encoding, vocabDir, out var tokenizer, out _) ? tokenizer! : ForChunking(vocabDir, notice);
    }

    /// <summary>Lets the next fallback be reported again (for tests).</summary>
    internal static void ResetNotice() => Interlocked.Exchange(ref _noted, 0);
}
