namespace Tailor.Embedding;

/// <summary>
/// Where the core finds a pretrained (ONNX) embedder by the name a manifest records, without
/// depending on ONNX Runtime: a host that ships <c>Tailor.Onnx</c> registers its factory once per
/// process. A knowledge base reopened without an embedder then uses the model it was built with.
/// </summary>
public static class PretrainedEmbedders
{
    private static volatile Func<string, IEmbedder>? _factory;

    /// <summary>Sets the factory that turns a recorded model name (bundled name or folder) into an embedder.</summary>
    public static void Register(Func<string, IEmbedder> factory) => _factory = factory;

    /// <summary>
    /// The options of a NEW knowledge base embedded by a pretrained model: vector pseudo-relevance feedback
    /// (<c>retrieval.fusion.feedbackDocuments</c>) off unless the caller changed it from its default. Moving the
    /// query vector toward the top lexical hits helps a corpus-trained LSA, but a pretrained model's own query
    /// vector ranks better alone where the lexical hits are weak (natural-language questions about the
    /// PostgreSQL manual: top-5 hit rate 0.65 with feedback, 0.79 without; known-item queries 0.894 and 0.912;
    /// CISI nDCG@10 0.470 and 0.447, see docs/BENCHMARKS.md). Saved in the manifest like every option.
    /// </summary>
    public static KnowledgeBaseOptions Defaults(KnowledgeBaseOptions options)
    {
        var fusion = options.Retrieval.Fusion;
        if (options.Embedder is not { IsPretrained: true } || fusion.FeedbackDocuments != new Retrieval.FusionOptions().FeedbackDocuments) return options;
        return options with { Retrieval = options.Retrieval with { Fusion = fusion with { FeedbackDocuments = 0 } } };
    }

    /// <summary>
    /// The embedder a knowledge base recording <paramref name="recorded"/> should use: the configured one when
    /// the host passed one, else the recorded pretrained model when a factory is registered, else null.
    /// </summary>
    public static IEmbedder? Resolve(EmbedderInfo? recorded, IEmbedder? configured)
    {
        if (configured is not null || recorded is not { Kind: EmbedderInfo.PretrainedKind, Model: { } name }) return configured;
        return _factory?.Invoke(name);
    }
}
