using System.Numerics.Tensors;
using Tailor.Embedding;

namespace Tailor.Answering;

/// <summary>
/// Judges the offline answer's sentences by meaning: the cosine similarity between the question's
/// embedding (query side) and each candidate sentence's (document side) from a pretrained embedder.
/// The extractive answerer adds it to the term-overlap score, so a sentence that answers in other
/// words can be quoted, and takes a sentence close enough in meaning as an answer even when it shares
/// few of the question's terms; a sentence far from the question in meaning is not quoted on shared
/// words alone. Thresholds are cosine similarities, which differ by model: <see cref="For"/> knows
/// those of the bundled models (set on question/answer pairs written for the tests: arctic-embed-xs
/// puts unrelated sentences near 0.4 and answers from 0.6, all-MiniLM-L6-v2 near 0 and from 0.3).
/// </summary>
public sealed class MeaningRelevance
{
    private static readonly Dictionary<string, (double AnswersAt, double UnrelatedBelow)> Calibrations = new(StringComparer.Ordinal)
    {
        ["arctic-xs"] = (0.60, 0.40),
        ["minilm"] = (0.30, 0.10),
    };

    private readonly IEmbedder _embedder;

    /// <summary>Judgement by <paramref name="embedder"/>, with its model's thresholds when known, else 0.5 and 0.25.</summary>
    public static MeaningRelevance For(IEmbedder embedder)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        var (answers, unrelated) = Calibrations.TryGetValue(embedder.ModelId, out var c) ? c : (0.5, 0.25);
        return new MeaningRelevance(embedder, answers, unrelated);
    }

    public MeaningRelevance(IEmbedder embedder, double answersAt = 0.5, double unrelatedBelow = 0.25, double weight = 1.0)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        if (!(unrelatedBelow < answersAt) || answersAt > 1 || unrelatedBelow < -1)
            throw new TailorException($"meaning thresholds: unrelatedBelow ({unrelatedBelow}) must be below answersAt ({answersAt}), both cosine similarities from -1 to 1.");
        _embedder = embedder;
        AnswersAt = answersAt;
        UnrelatedBelow = unrelatedBelow;
        Weight = weight;
    }

    /// <summary>A sentence at least this similar to the question answers it, whatever words they share.</summary>
    public double AnswersAt { get; }

    /// <summary>A sentence less similar than this is off the question's topic: never an answer on shared words alone.</summary>
    public double UnrelatedBelow { get; }

    /// <summary>Weight of the similarity (rescaled to 0..1 between <see cref="UnrelatedBelow"/> and 1) in a sentence's score.</summary>
    public double Weight { get; }

    /// <summary>Cosine similarity of <paramref name="question"/> to each of <paramref name="sentences"/>, in order.</summary>
    public double[] Similarities(string question, IReadOnlyList<string> sentences)
    {
        var result = new double[sentences.Count];
        if (sentences.Count == 0) return result;
        var q = _embedder.EmbedQueryAsync(question).GetAwaiter().GetResult();
        var vectors = _embedder.EmbedDocumentsAsync(sentences).GetAwaiter().GetResult();
        for (int i = 0; i < result.Length; i++) result[i] = TensorPrimitives.CosineSimilarity(q, vectors[i]);
        return result;
    }

    /// <summary>The score a sentence of similarity <paramref name="similarity"/> gains.</summary>
    public double Bonus(double similarity) => Weight * Math.Max(0, similarity - UnrelatedBelow) / (1 - UnrelatedBelow);
}
