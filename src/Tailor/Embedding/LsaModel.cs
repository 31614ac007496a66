namespace Tailor.Embedding;

/// <summary>The trained state of an LSA embedder: vocabulary, IDF weights and the term → topic projection.</summary>
internal sealed record LsaModel(
    string ModelId,
    LsaOptions Options,
    int DocumentCount,
    int Dimensions,
    double[] Sigma,
    string[] Terms,
    float[] Idf,
    float[] Projection);
