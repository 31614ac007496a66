namespace Tailor.OpenAI.Reranking;

/// <summary>The two common <c>/rerank</c> wire formats.</summary>
public enum RerankFormat
{
    /// <summary>text-embeddings-inference: POST <c>{base}/rerank</c> <c>{"query","texts"}</c> → <c>[{"index","score"}]</c>.</summary>
    Tei,

    /// <summary>Cohere and Jina: POST <c>{base}/v1/rerank</c> <c>{"model","query","documents","top_n"}</c> → <c>{"results":[{"index","relevance_score"}]}</c>.</summary>
    Cohere,
}
