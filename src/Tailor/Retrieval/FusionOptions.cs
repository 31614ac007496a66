namespace Tailor.Retrieval;

/// <summary>
/// How hybrid search fuses lexical and vector candidates. The defaults are one configuration for
/// all collections: reciprocal rank fusion of two rankings of 100 candidates each, BM25 for the query
/// as typed and the vector ranking of the query embedding moved toward the embeddings of the top 10
/// hits of BM25 with RM3 feedback (<see cref="Embedding.VectorFeedback"/>). Measured in
/// docs/BENCHMARKS.md: on CISI nDCG@10 0.437, R@100 0.478 with the built-in LSA embedder, against
/// 0.398 / 0.451 for BM25 alone.
/// </summary>
public sealed record FusionOptions
{
    /// <summary>Reciprocal rank fusion (default) or a convex combination of normalized scores.</summary>
    public FusionMethod Method { get; init; } = FusionMethod.Reciprocal;

    /// <summary>The RRF constant k in 1 / (k + rank).</summary>
    public int RrfK { get; init; } = Fusion.DefaultRrfK;

    /// <summary>Weight of the lexical side in convex fusion (the vector side gets 1 − this).</summary>
    public double LexicalWeight { get; init; } = 0.5;

    /// <summary>Candidates taken from each side before fusion (at least the number of hits wanted).</summary>
    public int CandidateDepth { get; init; } = 100;

    /// <summary>Top hits of BM25 with RM3 feedback whose embeddings expand the query embedding; 0 turns vector feedback off.</summary>
    public int FeedbackDocuments { get; init; } = 10;

    /// <summary>Weight of the original query embedding against the feedback centroid, 0 to 1.</summary>
    public double FeedbackQueryWeight { get; init; } = 0.5;

    /// <summary>Throws a <see cref="TailorException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Method))
            throw new TailorException($"Fusion method {(int)Method} is unknown: use Reciprocal or Convex.");
        if (RrfK < 0 || RrfK > 10_000)
            throw new TailorException($"Fusion option RrfK = {RrfK} is out of range: use 0 to 10000 (customary 60).");
        if (!double.IsFinite(LexicalWeight) || LexicalWeight < 0 || LexicalWeight > 1)
            throw new TailorException($"Fusion option LexicalWeight = {LexicalWeight} is out of range: use 0 to 1 (0.5 weighs both sides equally).");
        if (CandidateDepth < 1 || CandidateDepth > 100_000)
            throw new TailorException($"Fusion option CandidateDepth = {CandidateDepth} is out of range: use 1 to 100000 (typical 100).");
        if (FeedbackDocuments < 0 || FeedbackDocuments > 1000)
            throw new TailorException($"Fusion option FeedbackDocuments = {FeedbackDocuments} is out of range: use 0 (off) to 1000 (typical 10).");
        if (!double.IsFinite(FeedbackQueryWeight) || FeedbackQueryWeight < 0 || FeedbackQueryWeight > 1)
            throw new TailorException($"Fusion option FeedbackQueryWeight = {FeedbackQueryWeight} is out of range: use 0 to 1 (typical 0.5).");
    }
}
