namespace Tailor.Embedding;

/// <summary>
/// How the built-in LSA embedder is trained: sublinear TF-IDF over the analyzed corpus, reduced by
/// a truncated SVD. Defaults were chosen by measurement on a relevance-judged collection, preferring
/// values that are standard elsewhere.
/// </summary>
public sealed record LsaOptions
{
    /// <summary>Wanted vector length; a small corpus yields fewer (at most its number of documents or terms).</summary>
    public int Dimensions { get; init; } = 128;

    /// <summary>Terms in fewer documents than this are left out of the vocabulary.</summary>
    public int MinDocumentFrequency { get; init; } = 2;

    /// <summary>Terms in more than this fraction of the documents are left out (1 keeps them all).</summary>
    public double MaxDocumentFraction { get; init; } = 0.5;

    /// <summary>At most this many terms are kept, the most frequent by document frequency.</summary>
    public int MaxVocabulary { get; init; } = 200_000;

    /// <summary>Extra random directions of the randomized SVD.</summary>
    public int Oversampling { get; init; } = 10;

    /// <summary>Power iterations of the randomized SVD.</summary>
    public int PowerIterations { get; init; } = 3;

    /// <summary>Seed of the random test matrix: equal seeds and equal text give identical models.</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>
    /// Embeddings are <c>tfidf · V · Σ^(−SingularValueExponent)</c> before L2 normalization: 0 keeps
    /// the singular value weighting of the topics, 1 whitens them.
    /// </summary>
    public double SingularValueExponent { get; init; }

    /// <summary>Throws a <see cref="TailorException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (Dimensions < 1 || Dimensions > 4096)
            throw new TailorException($"LSA option Dimensions = {Dimensions} is out of range: use 1 to 4096 (typical 128).");
        if (MinDocumentFrequency < 1)
            throw new TailorException($"LSA option MinDocumentFrequency = {MinDocumentFrequency} is out of range: use 1 or more (typical 2).");
        if (!double.IsFinite(MaxDocumentFraction) || MaxDocumentFraction <= 0 || MaxDocumentFraction > 1)
            throw new TailorException($"LSA option MaxDocumentFraction = {MaxDocumentFraction} is out of range: use a value above 0 and at most 1 (typical 0.5).");
        if (MaxVocabulary < 1)
            throw new TailorException($"LSA option MaxVocabulary = {MaxVocabulary} is out of range: use 1 or more (typical 200000).");
        if (Oversampling < 0 || Oversampling > 1000)
            throw new TailorException($"LSA option Oversampling = {Oversampling} is out of range: use 0 to 1000 (typical 10).");
        if (PowerIterations < 0 || PowerIterations > 20)
            throw new TailorException($"LSA option PowerIterations = {PowerIterations} is out of range: use 0 to 20 (typical 2 to 4).");
        if (!double.IsFinite(SingularValueExponent) || SingularValueExponent < 0 || SingularValueExponent > 2)
            throw new TailorException($"LSA option SingularValueExponent = {SingularValueExponent} is out of range: use 0 to 2 (typical 0).");
    }
}
