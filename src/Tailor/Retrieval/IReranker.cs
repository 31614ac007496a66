namespace Tailor.Retrieval;

/// <summary>
/// Scores query–passage pairs more precisely than first-stage retrieval: a cross-encoder behind the
/// common <c>/rerank</c> HTTP format (text-embeddings-inference, Jina, Cohere-compatible), or a chat model.
/// </summary>
public interface IReranker
{
    /// <summary>Names the reranker and its model, e.g. "rerank:bge-reranker-base".</summary>
    string Name { get; }

    /// <summary>One relevance score per passage, in the order given (higher is more relevant).</summary>
    Task<IReadOnlyList<double>> ScoreAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken = default);
}
