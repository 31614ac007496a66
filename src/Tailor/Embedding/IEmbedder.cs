namespace Tailor.Embedding;

/// <summary>
/// Turns text into embedding vectors. Documents and queries have separate entry points because
/// some models embed them differently. All vectors of one embedder have <see cref="Dimensions"/>
/// components; a knowledge base records <see cref="ModelId"/> and refuses to mix models.
/// </summary>
public interface IEmbedder
{
    /// <summary>Identifies the model and its training, e.g. "tailor-lsa-128-1a2b3c4d" or "text-embedding-3-small".</summary>
    string ModelId { get; }

    /// <summary>What the manifest records as <c>embedder.kind</c>: "openai" (a server model) unless the embedder says otherwise.</summary>
    string Kind => EmbedderInfo.ServerKind;

    /// <summary>Length of every vector this embedder returns.</summary>
    int Dimensions { get; }

    /// <summary>Embeds document texts (chunks), one vector per text, in order.</summary>
    Task<float[][]> EmbedDocumentsAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default);

    /// <summary>Embeds one search query.</summary>
    Task<float[]> EmbedQueryAsync(string text, CancellationToken cancellationToken = default);
}
