namespace Tailor.Tokenization;

/// <summary>
/// Fallback when no BPE vocabulary is available: about four characters of English per token
/// (OpenAI's published rule of thumb), counted per word so long words cost more.
/// </summary>
public sealed class EstimatingTokenCounter : ITokenCounter
{
    public static readonly EstimatingTokenCounter Instance = new();

    public string Name => "estimate";

    public int CountTokens(ReadOnlySpan<char> text)
    {
        int tokens = 0, run = 0;
        foreach (char c in text)
        {
            if (char.IsLetterOrDigit(c)) { run++; continue; }
            if (run > 0) { tokens += (run + 3) / 4; run = 0; }
            if (!char.IsWhiteSpace(c)) tokens++;
        }
        if (run > 0) tokens += (run + 3) / 4;
        return tokens;
    }
}
