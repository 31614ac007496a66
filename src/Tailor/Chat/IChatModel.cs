namespace Tailor.Chat;

/// <summary>
/// A chat-completions model: OpenAI, Azure OpenAI, or any server speaking <c>/v1/chat/completions</c>
/// (Ollama, vLLM, llama.cpp). The answerer, query rewriting, few-shot generation and dataset
/// generation all talk to a model through this seam.
/// </summary>
public interface IChatModel
{
    /// <summary>The model id sent to the server (e.g. "gpt-4o-mini", "llama3.1:8b") or the Azure deployment.</summary>
    string ModelId { get; }

    /// <summary>The model's context window in tokens (prompt plus answer).</summary>
    int ContextWindow { get; }

    /// <summary>Sends the conversation and returns the whole reply.</summary>
    Task<ChatCompletion> CompleteAsync(IReadOnlyList<ChatMessage> messages, ChatRequestOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Sends the conversation and yields the reply as it is written; the last update carries usage when the server reports it.</summary>
    IAsyncEnumerable<ChatUpdate> StreamAsync(IReadOnlyList<ChatMessage> messages, ChatRequestOptions? options = null, CancellationToken cancellationToken = default);
}
