namespace Tailor.Cli;

/// <summary>Tokens a chat model read and wrote for an answer (estimated when the server did not say).</summary>
internal sealed record UsageJson(int InputTokens, int OutputTokens, bool Estimated);
