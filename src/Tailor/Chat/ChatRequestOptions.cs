namespace Tailor.Chat;

/// <summary>Per-request settings for a chat model.</summary>
public sealed record ChatRequestOptions
{
    /// <summary>Upper bound of tokens in the reply (null: the server's default).</summary>
    public int? MaxOutputTokens { get; init; }

    /// <summary>Sampling temperature; 0 makes answers as repeatable as the server allows.</summary>
    public float? Temperature { get; init; } = 0;

    /// <summary>Stop sequences.</summary>
    public IReadOnlyList<string> Stop { get; init; } = [];
}
