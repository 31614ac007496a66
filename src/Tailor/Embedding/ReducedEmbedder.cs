namespace Tailor.Embedding;

/// <summary>Any embedder followed by a <see cref="PcaProjection"/>: both documents and queries are projected.</summary>
public sealed class ReducedEmbedder(IEmbedder inner, PcaProjection projection) : IEmbedder
{
    /// <summary>The id of the projected vectors: the inner model's id with "+pcaD".</summary>
    public static string ModelIdFor(string innerModelId, int dimensions) => $"{innerModelId}+pca{dimensions}";

    public IEmbedder Inner => inner;

    public PcaProjection Projection => projection;

    public string ModelId => ModelIdFor(inner.ModelId, projection.Dimensions);

    public int Dimensions => projection.Dimensions;

    public async Task<float[][]> EmbedDocumentsAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        var raw = await inner.EmbedDocumentsAsync(texts, cancellationToken).ConfigureAwait(false);
        var result = new float[raw.Length][];
        for (int i = 0; i < raw.Length; i++) result[i] = projection.Project(raw[i]);
        return result;
    }

    public async Task<float[]> EmbedQueryAsync(string text, CancellationToken cancellationToken = default) =>
        projection.Project(await inner.EmbedQueryAsync(text, cancellationToken).ConfigureAwait(false));
}
