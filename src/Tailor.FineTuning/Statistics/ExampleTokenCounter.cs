using Tailor.FineTuning.Datasets;
using Tailor.Tokenization;

namespace Tailor.FineTuning.Statistics;

/// <summary>
/// Counts an example's tokens the way OpenAI's fine-tuning cookbook does: 3 tokens per message,
/// the tokens of every string field (role, content, name, tool call id, tool calls as JSON), 1 more
/// for a name, and 3 for priming the reply. Trained tokens are the contents of assistant messages
/// with a weight other than 0.
/// </summary>
public sealed class ExampleTokenCounter(ITokenCounter tokens)
{
    public const int TokensPerMessage = 3;
    public const int TokensPerName = 1;
    public const int ReplyPriming = 3;

    /// <summary>The underlying tokenizer's name (e.g. "o200k_base").</summary>
    public string Encoding => tokens.Name;

    /// <summary>All tokens of the example as the model sees it.</summary>
    public int Count(TrainingExample example)
    {
        int total = ReplyPriming;
        foreach (var m in example.Messages)
        {
            total += TokensPerMessage + tokens.CountTokens(m.Role) + tokens.CountTokens(m.Content);
            if (m.Name != null) total += tokens.CountTokens(m.Name) + TokensPerName;
            if (m.ToolCallId != null) total += tokens.CountTokens(m.ToolCallId);
            if (m.ToolCalls != null) total += tokens.CountTokens(m.ToolCalls.ToJsonString());
        }
        return total;
    }

    /// <summary>Tokens of the assistant messages the model is trained to write.</summary>
    public int CountTrained(TrainingExample example)
    {
        int total = 0;
        foreach (var m in example.Messages)
        {
            if (!m.IsTrained) continue;
            total += tokens.CountTokens(m.Content);
            if (m.ToolCalls != null) total += tokens.CountTokens(m.ToolCalls.ToJsonString());
        }
        return total;
    }

    /// <summary>The counter for <paramref name="model"/>'s encoding, its vocabulary found as <see cref="TokenizerRegistry"/> finds it.</summary>
    public static ExampleTokenCounter ForModel(string model, string? vocabDir = null) => new(TokenizerRegistry.ForModel(model, vocabDir));

    /// <summary>True when the counts are the documented estimate rather than the model's tokenizer.</summary>
    public bool IsEstimate => tokens is EstimatingTokenCounter;

    /// <summary>
    /// The counter for <paramref name="encoding"/> (e.g. "o200k_base"); when its vocabulary cannot be found
    /// or downloaded (an offline machine), the documented estimate, and <paramref name="notice"/> says so.
    /// An unknown encoding name is still an error.
    /// </summary>
    public static ExampleTokenCounter ForEncodingOrEstimate(string encoding, string? vocabDir, Action<string> notice)
    {
        TokenEncoding.GetBuiltIn(encoding); // a misspelt encoding is the user's to fix, not to estimate around
        if (TokenizerRegistry.TryGet(encoding, vocabDir, out var tokenizer, out var problem)) return new(tokenizer!);
        notice($"token counts are estimated (about 4 characters per token), not exact, so limits and costs are approximate. {problem}");
        return new(EstimatingTokenCounter.Instance);
    }
}
