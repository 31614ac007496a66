namespace Tailor.Chat;

/// <summary>A model's whole reply.</summary>
/// <param name="Text">The reply text.</param>
/// <param name="ModelId">The model that answered, as the server reports it.</param>
/// <param name="Usage">Token usage, when known.</param>
/// <param name="FinishReason">"stop", "length", ... as the server reports it.</param>
public sealed record ChatCompletion(string Text, string ModelId, ChatUsage? Usage, string? FinishReason);
