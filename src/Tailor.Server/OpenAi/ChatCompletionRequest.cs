namespace Tailor.Server.OpenAi;

/// <summary>The fields of an OpenAI chat completion request Tailor reads; others (temperature, …) are accepted and ignored.</summary>
public sealed record ChatCompletionRequest
{
    /// <summary>The knowledge base's name (or tailor/NAME).</summary>
    public required string Model { get; init; }

    public required IReadOnlyList<ChatCompletionMessage> Messages { get; init; }

    public bool Stream { get; init; }
}
