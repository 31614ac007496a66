namespace Tailor.Answering;

/// <summary>What to do when the chat model fails (server down, timeout, broken stream, refused key).</summary>
public enum AnswerFallback
{
    /// <summary>Fail with the model's error.</summary>
    None,

    /// <summary>Answer offline with the extractive answerer from the same retrieved chunks, saying why (<see cref="Answer.Fallback"/>).</summary>
    Extractive,
}
