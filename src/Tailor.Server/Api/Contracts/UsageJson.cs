namespace Tailor.Server.Api.Contracts;

/// <summary>Tokens a generated answer used (estimated when the server did not say).</summary>
public sealed record UsageJson(int InputTokens, int OutputTokens, bool Estimated);
