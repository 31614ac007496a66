using System.Numerics.Tensors;
using Tailor.Chat;
using Tailor.Embedding;
using Tailor.Retrieval;
using Tailor.Storage;

namespace Tailor.Examples;

/// <summary>
/// Chooses the few-shot examples shown with a question: the examples whose inputs are most similar
/// to it, diversified with maximal marginal relevance so that near-duplicates do not crowd out other
/// useful examples. Similarity is the cosine of embeddings when the knowledge base has an embedder
/// (input vectors cached in the store per model), else of TF-IDF vectors over the examples' inputs
/// analyzed like the lexical index (stemmed, stopwords removed).
/// </summary>
public sealed class ExampleSelector
{
    /// <summary>
    /// MMR trade-off: 1 ranks by similarity only. 0.5 (the usual choice for example selection) weighs
    /// similarity to the question and novelty against the examples already chosen equally, so a
    /// near-copy of a chosen example gives way to a less similar but different one.
    /// </summary>
    public const double DefaultLambda = 0.5;

    private readonly ExampleStore _store;
    private readonly IEmbedder? _embedder;
    private readonly Func<string, List<string>> _analyze;

    public ExampleSelector(ExampleStore store, IEmbedder? embedder, Func<string, List<string>> analyze)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _embedder = embedder;
        _analyze = analyze ?? throw new ArgumentNullException(nameof(analyze));
    }

    /// <summary>How similarity is measured: "embedding:MODEL" or "tf-idf".</summary>
    public string Method => _embedder is null ? "tf-idf" : "embedding:" + _embedder.ModelId;

    /// <summary>
    /// Up to <paramref name="k"/> examples for <paramref name="question"/>, in the order to show them (best first), among those a
    /// reader with <paramref name="groups"/> may see (null or empty: all; see <see cref="ExampleStore.List"/>).
    /// </summary>
    public async Task<IReadOnlyList<SelectedExample>> SelectAsync(string question, int k, double lambda = DefaultLambda, IReadOnlyList<string>? groups = null, CancellationToken cancellationToken = default)
    {
        if (k < 0 || k > 100) throw new TailorException($"examples k is {k}; use 0 to 100.");
        if (string.IsNullOrWhiteSpace(question)) throw new TailorException("the question is empty; examples are chosen by their similarity to it.");
        var examples = _store.List(groups);
        if (k == 0 || examples.Count == 0) return [];
        var (query, vectors) = _embedder is null ? TfIdf(question, examples) : await EmbedAsync(question, examples, cancellationToken).ConfigureAwait(false);
        var queryNorm = TensorPrimitives.Norm<float>(query);
        var candidates = new List<FusionItem>(examples.Count);
        for (int i = 0; i < examples.Count; i++)
        {
            var norm = TensorPrimitives.Norm<float>(vectors[i]);
            double cosine = queryNorm == 0 || norm == 0 ? 0 : TensorPrimitives.Dot<float>(query, vectors[i]) / ((double)queryNorm * norm);
            candidates.Add(new FusionItem(i, cosine));
        }
        // The most similar first (stable: ties keep the store's order), then MMR over the best few.
        var ranked = candidates.OrderByDescending(c => c.Score).ThenBy(c => c.Id).Take(Math.Max(4 * k, 20)).ToList();
        var picks = Mmr.Select(ranked, ranked.Select(c => vectors[(int)c.Id]).ToList(), lambda, k);
        return picks.Select(p => new SelectedExample(examples[(int)p.Id], p.Score)).ToList();
    }

    private async Task<(float[] Query, float[][] Vectors)> EmbedAsync(string question, IReadOnlyList<FewShotExample> examples, CancellationToken ct)
    {
        var embedder = _embedder!;
        var cached = _store.Vectors(embedder.ModelId);
        var missing = examples.Where(e => !cached.ContainsKey(e.Id)).ToList();
        if (missing.Count > 0)
        {
            var fresh = await embedder.EmbedDocumentsAsync(missing.Select(e => e.Input).ToList(), ct).ConfigureAwait(false);
            var rows = new List<(string, float[])>(missing.Count);
            for (int i = 0; i < missing.Count; i++)
            {
                cached[missing[i].Id] = fresh[i];
                rows.Add((missing[i].Id, fresh[i]));
            }
            _store.SaveVectors(embedder.ModelId, rows);
        }
        var query = await embedder.EmbedQueryAsync(question, ct).ConfigureAwait(false);
        return (query, examples.Select(e => cached[e.Id]).ToArray());
    }

    /// <summary>Sublinear TF-IDF vectors (1 + ln tf) · (ln((N + 1) / (df + 1)) + 1) over the examples' input terms.</summary>
    private (float[] Query, float[][] Vectors) TfIdf(string question, IReadOnlyList<FewShotExample> examples)
    {
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        var documents = new List<Dictionary<int, int>>(examples.Count);
        foreach (var e in examples)
        {
            var counts = new Dictionary<int, int>();
            foreach (var term in _analyze(e.Input))
            {
                if (!vocabulary.TryGetValue(term, out var t)) vocabulary[term] = t = vocabulary.Count;
                counts[t] = counts.GetValueOrDefault(t) + 1;
            }
            documents.Add(counts);
        }
        var df = new int[vocabulary.Count];
        foreach (var d in documents) foreach (var t in d.Keys) df[t]++;
        var idf = new float[df.Length];
        for (int t = 0; t < df.Length; t++) idf[t] = (float)(Math.Log((examples.Count + 1.0) / (df[t] + 1.0)) + 1.0);
        float[] Vector(Dictionary<int, int> counts)
        {
            var v = new float[vocabulary.Count];
            foreach (var (t, n) in counts) v[t] = (float)(1 + Math.Log(n)) * idf[t];
            return v;
        }
        var queryCounts = new Dictionary<int, int>();
        foreach (var term in _analyze(question))
            if (vocabulary.TryGetValue(term, out var t)) queryCounts[t] = queryCounts.GetValueOrDefault(t) + 1;
        return (Vector(queryCounts), documents.Select(Vector).ToArray());
    }
}
