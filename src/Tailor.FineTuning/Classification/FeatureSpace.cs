using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Tailor.FineTuning.Classification;

/// <summary>
/// The fitted feature space: which hash buckets occurred in training (the columns, in bucket
/// order) and their inverse document frequencies, ln((1 + n) / (1 + df)) + 1. Transforms a text
/// into a sparse vector: (1 + ln tf) × idf per column, words and characters each L2-normalized to
/// norm 1/√2 (so a text with both has norm 1). Buckets never seen in training are dropped: no
/// weight was learned for them. Thread-safe.
/// </summary>
internal sealed class FeatureSpace
{
    private static readonly float BlockScale = (float)(1 / Math.Sqrt(2));
    private readonly Dictionary<int, int> _columnOf;
    private readonly TextFeaturizer _featurizer;

    public FeatureSpace(TextFeatureOptions options, int[] buckets, float[] idf, EmbeddingFeatures? dense = null)
    {
        if (buckets.Length != idf.Length) throw new ArgumentException("one idf per bucket");
        Options = options;
        Dense = dense;
        Buckets = buckets;
        Idf = idf;
        _featurizer = new TextFeaturizer(options);
        _columnOf = new Dictionary<int, int>(buckets.Length);
        for (int i = 0; i < buckets.Length; i++) _columnOf.Add(buckets[i], i);
    }

    public TextFeatureOptions Options { get; }

    /// <summary>The bucket of each column, ascending.</summary>
    public int[] Buckets { get; }

    public float[] Idf { get; }

    /// <summary>Number of hashed (sparse) columns.</summary>
    public int Columns => Buckets.Length;

    /// <summary>The embedding block appended after the sparse columns, or null.</summary>
    public EmbeddingFeatures? Dense { get; }

    /// <summary>All input columns: the sparse ones, then the embedding's dimensions.</summary>
    public int Width => Columns + (Dense?.Dimensions ?? 0);

    /// <summary>Learns the columns and IDF from the training texts; <paramref name="dense"/> adds the embedding block.</summary>
    public static FeatureSpace Fit(IReadOnlyList<string> texts, TextFeatureOptions options, ParallelOptions parallel, EmbeddingFeatures? dense = null)
    {
        var featurizer = new TextFeaturizer(options);
        var partials = new ConcurrentBag<Dictionary<int, int>>();
        Parallel.For(0, texts.Count, parallel,
            () => (Scratch: new TextFeaturizer.Scratch(), Df: new Dictionary<int, int>(), Unique: new List<int>(1024)),
            (i, _, local) =>
            {
                featurizer.Featurize(texts[i], local.Scratch);
                local.Unique.Clear();
                local.Unique.AddRange(local.Scratch.WordBuckets);
                local.Unique.AddRange(local.Scratch.CharBuckets);
                var span = CollectionsMarshal.AsSpan(local.Unique);
                span.Sort();
                for (int k = 0; k < span.Length; k++)
                {
                    if (k > 0 && span[k] == span[k - 1]) continue;
                    CollectionsMarshal.GetValueRefOrAddDefault(local.Df, span[k], out bool _)++;
                }
                return local;
            },
            local => partials.Add(local.Df));
        var df = new Dictionary<int, int>();
        foreach (var part in partials)
            foreach (var (bucket, count) in part) CollectionsMarshal.GetValueRefOrAddDefault(df, bucket, out bool _) += count;
        var kept = new List<int>(df.Count);
        foreach (var (bucket, count) in df) if (count >= options.MinDocumentFrequency) kept.Add(bucket);
        kept.Sort();
        var buckets = kept.ToArray();
        var idf = new float[buckets.Length];
        double n = texts.Count;
        for (int i = 0; i < buckets.Length; i++) idf[i] = (float)(Math.Log((1 + n) / (1 + df[buckets[i]])) + 1);
        return new FeatureSpace(options, buckets, idf, dense);
    }

    /// <summary>Per-thread buffers for <see cref="Transform"/>.</summary>
    public sealed class Scratch
    {
        public readonly TextFeaturizer.Scratch Text = new();
        public readonly List<int> Columns = new(1024);
        public readonly List<float> Values = new(1024);
        public int[] MergeColumns = new int[1024];
        public float[] MergeValues = new float[1024];
    }

    /// <summary>The feature vector of <paramref name="text"/> (columns ascending) in <paramref name="scratch"/>.</summary>
    public void Transform(string text, Scratch scratch) => Transform(text, Dense?.Embed(text), scratch);

    /// <summary>As <see cref="Transform(string, Scratch)"/>, with the text's (unit-length) embedding already computed.</summary>
    private void Transform(string text, float[]? embedding, Scratch scratch)
    {
        _featurizer.Featurize(text, scratch.Text);
        scratch.Columns.Clear();
        scratch.Values.Clear();
        AddBlock(scratch.Text.WordBuckets, scratch);
        int firstCharEntry = scratch.Columns.Count;
        AddBlock(scratch.Text.CharBuckets, scratch);
        if (firstCharEntry > 0 && firstCharEntry < scratch.Columns.Count) MergeBlocks(scratch, firstCharEntry);
        if (embedding is null) return;
        if (embedding.Length != Dense!.Dimensions)
            throw new TailorException($"The embedding model {Dense.Embedder.ModelId} returned {embedding.Length} dimensions where the classifier was trained with {Dense.Dimensions}.");
        for (int j = 0; j < embedding.Length; j++)
        {
            if (embedding[j] == 0) continue;
            scratch.Columns.Add(Columns + j);
            scratch.Values.Add(embedding[j] * BlockScale);
        }
    }

    /// <summary>Transforms many texts in parallel into a matrix (row i is text i); embeddings are computed first, in batches.</summary>
    public SparseMatrix TransformAll(IReadOnlyList<string> texts, ParallelOptions parallel)
    {
        var embeddings = Dense?.EmbedAll(texts, parallel.CancellationToken);
        var rows = new (int[] Columns, float[] Values)[texts.Count];
        Parallel.For(0, texts.Count, parallel, () => new Scratch(), (i, _, scratch) =>
        {
            Transform(texts[i], embeddings?[i], scratch);
            rows[i] = (scratch.Columns.ToArray(), scratch.Values.ToArray());
            return scratch;
        }, _ => { });
        return SparseMatrix.FromRows(rows);
    }

    private void AddBlock(List<int> buckets, Scratch scratch)
    {
        var span = CollectionsMarshal.AsSpan(buckets);
        span.Sort();
        int start = scratch.Columns.Count;
        double norm = 0;
        for (int k = 0; k < span.Length;)
        {
            int bucket = span[k];
            int count = 1;
            while (k + count < span.Length && span[k + count] == bucket) count++;
            k += count;
            if (!_columnOf.TryGetValue(bucket, out int column)) continue;
            float tf = Options.SublinearTf ? 1 + MathF.Log(count) : count;
            float value = tf * Idf[column];
            scratch.Columns.Add(column);
            scratch.Values.Add(value);
            norm += (double)value * value;
        }
        if (norm <= 0) return;
        float scale = BlockScale / (float)Math.Sqrt(norm);
        var values = CollectionsMarshal.AsSpan(scratch.Values)[start..];
        for (int i = 0; i < values.Length; i++) values[i] *= scale;
    }

    /// <summary>Both blocks are ascending; merges them into one ascending row, adding values where a word and a character n-gram share a column.</summary>
    private static void MergeBlocks(Scratch scratch, int split)
    {
        int total = scratch.Columns.Count;
        if (scratch.MergeColumns.Length < total)
        {
            scratch.MergeColumns = new int[total * 2];
            scratch.MergeValues = new float[total * 2];
        }
        var columns = CollectionsMarshal.AsSpan(scratch.Columns);
        var values = CollectionsMarshal.AsSpan(scratch.Values);
        var outColumns = scratch.MergeColumns.AsSpan();
        var outValues = scratch.MergeValues.AsSpan();
        int a = 0, b = split, n = 0;
        while (a < split || b < total)
        {
            int column;
            float value;
            if (b >= total || (a < split && columns[a] <= columns[b])) { column = columns[a]; value = values[a++]; }
            else { column = columns[b]; value = values[b++]; }
            if (n > 0 && outColumns[n - 1] == column) { outValues[n - 1] += value; continue; }
            outColumns[n] = column;
            outValues[n++] = value;
        }
        outColumns[..n].CopyTo(columns);
        outValues[..n].CopyTo(values);
        CollectionsMarshal.SetCount(scratch.Columns, n);
        CollectionsMarshal.SetCount(scratch.Values, n);
    }
}
