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
    /// The embedder a knowledge base recording <paramref name="recorded"/> should use: the configured one when
    /// the host passed one, else the recorded pretrained model when a factory is registered, else null.
    /// </summary>
    public static IEmbedder? Resolve(EmbedderInfo? recorded, IEmbedder? configured)
    {
        if (configured is not null || recorded is not { Kind: EmbedderInfo.PretrainedKind, Model: { } name }) return configured;
        return _factory?.Invoke(name);
    }
}
