namespace Tailor.Answering;

/// <summary>How a generated answer is asked for: the room kept for the reply, the window, the templates.</summary>
public sealed record GenerationOptions
{
    /// <summary>Tokens of the context window kept free for the answer (also sent as the reply's token limit).</summary>
    public int AnswerTokens { get; init; } = 1024;

    /// <summary>Overrides the model's context window (tokens); null: the model's own.</summary>
    public int? ContextWindow { get; init; }

    /// <summary>Folder with <c>system.md</c> / <c>question.md</c> overriding the built-in prompts; null: the knowledge base's <c>prompts/</c>.</summary>
    public string? PromptDirectory { get; init; }

    /// <summary>Sampling temperature (0: as repeatable as the server allows).</summary>
    public float Temperature { get; init; }

    /// <summary>Throws <see cref="TailorException"/> when an option is out of range.</summary>
    public void Validate()
    {
        if (AnswerTokens is < 16 or > 1_000_000) throw new TailorException($"the answer reserve is {AnswerTokens} tokens; use 16 to 1,000,000 (--answer-tokens).");
        if (ContextWindow is <= 0) throw new TailorException($"the context window is {ContextWindow}; give a positive number of tokens (--context-window).");
        if (float.IsNaN(Temperature) || Temperature < 0 || Temperature > 2) throw new TailorException($"the temperature is {Temperature}; use 0 to 2.");
    }
}
