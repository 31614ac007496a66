namespace Tailor.Chat;

/// <summary>Tokens a request consumed: prompt (input) and completion (output).</summary>
/// <param name="Estimated">True when counted locally because the server did not report usage.</param>
public sealed record ChatUsage(int InputTokens, int OutputTokens, bool Estimated = false)
{
    public int TotalTokens => InputTokens + OutputTokens;
}
