namespace Tailor.Chat;

/// <summary>A piece of a streamed reply. The final update may carry <see cref="Usage"/> and <see cref="FinishReason"/> with empty text.</summary>
public sealed record ChatUpdate(string Text, ChatUsage? Usage = null, string? FinishReason = null);
