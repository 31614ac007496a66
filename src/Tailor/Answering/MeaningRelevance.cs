using System.Collections.Concurrent;
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
/// Sentence vectors are kept in memory, up to <see cref="MaxCachedSentences"/>: the same passages answer many
/// questions, and embedding every candidate sentence again was most of an offline answer's time on a pretrained
/// model. When the cache is full it is emptied and fills again (bounded memory, no bookkeeping per hit).
/// </summary>
public sealed class MeaningRelevance
{
    private static readonly Dictionary<string, (double AnswersAt, double UnrelatedBelow)> Calibrations = new(StringComparer.Ordinal)
    {
        ["arctic-xs"] = (0.60, 0.40),
        ["minilm"] = (0.30, 0.10),
    };

    /// <summary>How many sentence vectors one judgement keeps (about 1.5 KB each at 384 dimensions).</summary>
    public const int MaxCachedSentences = 20_000;

    private readonly IEmbedder _embedder;
    private readonly ConcurrentDictionary<string, float[]> _sentences = new(StringComparer.Ordinal);

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
        var vectors = SentenceVectors(sentences);
        for (int i = 0; i < result.Length; i++) result[i] = TensorPrimitives.CosineSimilarity(q, vectors[i]);
        return result;
    }

    /// <summary>Sentence texts embedded so far and kept.</summary>
    public int CachedSentences => _sentences.Count;

    private float[][] SentenceVectors(IReadOnlyList<string> sentences)
    {
        var vectors = new float[sentences.Count][];
        var missing = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < vectors.Length; i++)
            if (_sentences.TryGetValue(sentences[i], out var cached)) vectors[i] = cached;
            else if (seen.Add(sentences[i])) missing.Add(sentences[i]);
        if (missing.Count == 0) return vectors;
        var fresh = _embedder.EmbedDocumentsAsync(missing).GetAwaiter().GetResult();
        if (_sentences.Count + missing.Count > MaxCachedSentences) _sentences.Clear();
        var byText = new Dictionary<string, float[]>(missing.Count, StringComparer.Ordinal);
        for (int j = 0; j < missing.Count; j++)
        {
            byText[missing[j]] = fresh[j];
            _sentences[missing[j]] = fresh[j];
        }
        for (int i = 0; i < vectors.Length; i++) vectors[i] ??= byText[sentences[i]];
        return vectors;
    }

    /// <summary>The score a sentence of similarity <paramref name="similarity"/> gains.</summary>
    public double Bonus(double similarity) => Weight * Math.Max(0, similarity - UnrelatedBelow) / (1 - UnrelatedBelow);
}
