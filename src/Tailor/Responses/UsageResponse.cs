namespace Tailor.Responses;

/// <summary>Tokens a chat model read and wrote for an answer (estimated when the server did not say).</summary>
public sealed record UsageResponse(int InputTokens, int OutputTokens, bool Estimated);
