using System.Runtime.InteropServices;
using Tailor.Vectors;

namespace Tailor.Embedding;

/// <summary>
/// Trains an <see cref="LsaModel"/>: analyzes the texts (in parallel batches), builds the vocabulary,
/// weighs documents by sublinear TF-IDF with L2-normalized rows and runs the randomized SVD.
/// </summary>
internal static class LsaTrainer
{
    private const int BatchSize = 2048;

    public static LsaModel Train(IEnumerable<string> texts, Func<string, List<string>> analyze, LsaOptions options)
    {
        var termIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var terms = new List<string>();
        var df = new List<int>();
        var docStart = new List<int> { 0 };
        var docTerm = new List<int>();
        var docTf = new List<int>();
        var scratch = new List<int>();

        var batch = new List<string>(BatchSize);
        var analyzed = new List<string>[BatchSize];
        void Flush()
        {
            Parallel.For(0, batch.Count, i => analyzed[i] = analyze(batch[i] ?? ""));
            for (int i = 0; i < batch.Count; i++)
            {
                scratch.Clear();
                foreach (var term in analyzed[i])
                {
                    ref int id = ref CollectionsMarshal.GetValueRefOrAddDefault(termIds, term, out bool exists);
                    if (!exists)
                    {
                        id = terms.Count;
                        terms.Add(term);
                        df.Add(0);
                    }
                    scratch.Add(id);
                }
                scratch.Sort();
                for (int j = 0; j < scratch.Count;)
                {
                    int id = scratch[j], run = 1;
                    while (j + run < scratch.Count && scratch[j + run] == id) run++;
                    docTerm.Add(id);
                    docTf.Add(run);
                    df[id]++;
                    j += run;
                }
                docStart.Add(docTerm.Count);
                analyzed[i] = null!;
            }
            batch.Clear();
        }
        foreach (var text in texts)
        {
            batch.Add(text);
            if (batch.Count == BatchSize) Flush();
        }
        if (batch.Count > 0) Flush();

        int docs = docStart.Count - 1;
        if (docs == 0) throw new TailorException("Cannot train the built-in embedder on an empty corpus: ingest at least one document with text first.");

        var keep = ChooseVocabulary(CollectionsMarshal.AsSpan(df), docs, options);
        if (keep.Length == 0)
            throw new TailorException($"Cannot train the built-in embedder: the {docs} document(s) contain no indexable words. Ingest documents with text, or use an external embedding model.");

        var newId = new int[terms.Count];
        Array.Fill(newId, -1);
        var vocab = new string[keep.Length];
        var idf = new float[keep.Length];
        for (int k = 0; k < keep.Length; k++)
        {
            newId[keep[k]] = k;
            vocab[k] = terms[keep[k]];
            idf[k] = (float)(Math.Log((1.0 + docs) / (1.0 + df[keep[k]])) + 1.0);
        }

        var matrix = BuildMatrix(docs, CollectionsMarshal.AsSpan(docStart), CollectionsMarshal.AsSpan(docTerm), CollectionsMarshal.AsSpan(docTf), newId, idf);
        var (sigma, v, rank) = RandomizedSvd.Compute(matrix, options.Dimensions, options.Oversampling, options.PowerIterations, options.Seed);
        if (rank == 0) throw new TailorException("Cannot train the built-in embedder: the corpus is too small. Ingest more documents.");

        for (int k = 0; k < rank; k++)
        {
            double scale = sigma[k] > 0 && options.SingularValueExponent != 0 ? Math.Pow(sigma[k], -options.SingularValueExponent) : 1.0;
            if (scale == 1.0) continue;
            for (int t = 0; t < vocab.Length; t++) v[t * rank + k] = (float)(v[t * rank + k] * scale);
        }
        string modelId = $"tailor-lsa-{rank}-{Fingerprint(vocab, idf, v):x8}";
        return new LsaModel(modelId, options, docs, rank, sigma, vocab, idf, v);
    }

    /// <summary>Ids of the kept terms, in first-seen order.</summary>
    private static int[] ChooseVocabulary(ReadOnlySpan<int> df, int docs, LsaOptions options)
    {
        int maxDf = (int)Math.Floor(options.MaxDocumentFraction * docs);
        var kept = new List<int>();
        // A tiny corpus cannot afford the frequency limits: relax them rather than return nothing.
        for (int attempt = 0; attempt < 3 && kept.Count == 0; attempt++)
        {
            int minDf = attempt == 0 ? options.MinDocumentFrequency : 1;
            int upper = attempt < 2 ? maxDf : docs;
            for (int t = 0; t < df.Length; t++)
            {
                if (df[t] >= minDf && df[t] <= upper) kept.Add(t);
            }
        }
        if (kept.Count > options.MaxVocabulary)
        {
            var byDf = kept.ToArray();
            var dfCopy = df.ToArray();
            Array.Sort(byDf, (a, b) => dfCopy[a] != dfCopy[b] ? dfCopy[b].CompareTo(dfCopy[a]) : a.CompareTo(b));
            Array.Resize(ref byDf, options.MaxVocabulary);
            Array.Sort(byDf);
            return byDf;
        }
        return kept.ToArray();
    }

    private static SparseRows BuildMatrix(int docs, ReadOnlySpan<int> docStart, ReadOnlySpan<int> docTerm, ReadOnlySpan<int> docTf, int[] newId, float[] idf)
    {
        var rowStart = new int[docs + 1];
        int nnz = 0;
        for (int d = 0; d < docs; d++)
        {
            for (int i = docStart[d]; i < docStart[d + 1]; i++)
            {
                if (newId[docTerm[i]] >= 0) nnz++;
            }
            rowStart[d + 1] = nnz;
        }
        var columns = new int[nnz];
        var values = new float[nnz];
        int pos = 0;
        for (int d = 0; d < docs; d++)
        {
            int begin = pos;
            double norm = 0;
            for (int i = docStart[d]; i < docStart[d + 1]; i++)
            {
                int id = newId[docTerm[i]];
                if (id < 0) continue;
                float w = (float)((1.0 + Math.Log(docTf[i])) * idf[id]);
                columns[pos] = id;
                values[pos++] = w;
                norm += (double)w * w;
            }
            if (norm > 0)
            {
                float inv = (float)(1.0 / Math.Sqrt(norm));
                for (int i = begin; i < pos; i++) values[i] *= inv;
            }
        }
        return new SparseRows(docs, idf.Length, rowStart, columns, values);
    }

    private static uint Fingerprint(string[] vocab, float[] idf, float[] projection)
    {
        uint crc = 0;
        Span<byte> buffer = stackalloc byte[256];
        foreach (var term in vocab)
        {
            int n = System.Text.Encoding.UTF8.GetByteCount(term);
            var bytes = n <= buffer.Length ? buffer[..n] : new byte[n];
            System.Text.Encoding.UTF8.GetBytes(term, bytes);
            crc = Crc32C.Append(crc, bytes);
            crc = Crc32C.Append(crc, [0]);
        }
        crc = Crc32C.Append(crc, MemoryMarshal.AsBytes(idf.AsSpan()));
        return Crc32C.Append(crc, MemoryMarshal.AsBytes(projection.AsSpan()));
    }
}
