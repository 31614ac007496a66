using System.Diagnostics.CodeAnalysis;

namespace Tailor.Evaluation.Datasets;

/// <summary>
/// A relevance-judged collection in BEIR layout: <c>corpus.jsonl</c>, <c>queries.jsonl</c> and
/// <c>qrels/{split}.tsv</c>. Only queries with at least one relevant judgment (grade &gt; 0) are
/// evaluated; they are kept in queries.jsonl order.
/// </summary>
public sealed class BeirDataset
{
    private BeirDataset(string directory, string split, string corpusPath, int documentCount,
        IReadOnlyList<BeirQuery> judgedQueries, IReadOnlyDictionary<string, Judgments> judgments)
    {
        Directory = directory;
        Split = split;
        CorpusPath = corpusPath;
        DocumentCount = documentCount;
        JudgedQueries = judgedQueries;
        Judgments = judgments;
    }

    /// <summary>The dataset's name: its folder's name.</summary>
    public string Name => Path.GetFileName(Directory);

    /// <summary>The dataset folder (full path).</summary>
    public string Directory { get; }

    /// <summary>The qrels split in use ("test" reads qrels/test.tsv).</summary>
    public string Split { get; }

    /// <summary>Full path of corpus.jsonl.</summary>
    public string CorpusPath { get; }

    /// <summary>Number of documents in the corpus.</summary>
    public int DocumentCount { get; }

    /// <summary>The queries that are evaluated: those with at least one relevant judgment.</summary>
    public IReadOnlyList<BeirQuery> JudgedQueries { get; }

    /// <summary>Judgments of the evaluated queries, by query id.</summary>
    public IReadOnlyDictionary<string, Judgments> Judgments { get; }

    /// <summary>Loads and checks a dataset folder; throws <see cref="TailorException"/> naming the file and line at fault.</summary>
    public static BeirDataset Load(string directory, string split = "test")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentException.ThrowIfNullOrWhiteSpace(split);
        string dir = Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        if (!System.IO.Directory.Exists(dir))
            throw new TailorException($"dataset folder {directory} does not exist; pass a folder holding corpus.jsonl, queries.jsonl and qrels/{split}.tsv (BEIR layout).");
        string corpus = Require(dir, "corpus.jsonl", split);
        string queriesPath = Require(dir, "queries.jsonl", split);
        string qrelsPath = Require(dir, Path.Combine("qrels", split + ".tsv"), split);

        var qrels = BeirReader.ReadQrels(qrelsPath);
        var queries = BeirReader.ReadQueries(queriesPath);
        int documents = 0;
        foreach (var _ in BeirReader.ReadCorpus(corpus)) documents++;
        if (documents == 0) throw new TailorException($"{corpus} holds no documents; add one JSON object per line with \"_id\" and \"text\".");

        var known = new HashSet<string>(StringComparer.Ordinal);
        var judged = new List<BeirQuery>();
        var judgments = new Dictionary<string, Judgments>(StringComparer.Ordinal);
        foreach (var query in queries)
        {
            known.Add(query.Id);
            if (qrels.TryGetValue(query.Id, out var j) && j.RelevantCount > 0)
            {
                judged.Add(query);
                judgments[query.Id] = j;
            }
        }
        foreach (var (queryId, j) in qrels)
        {
            if (j.RelevantCount > 0 && !known.Contains(queryId))
                throw new TailorException($"qrels/{split}.tsv judges query-id \"{queryId}\", which is not in queries.jsonl; add the query or remove its judgments.");
        }
        if (judged.Count == 0)
            throw new TailorException($"qrels/{split}.tsv has no relevant judgment (score > 0) for any query; nothing can be evaluated.");
        return new BeirDataset(dir, split, corpus, documents, judged, judgments);
    }

    /// <summary>Like <see cref="Load"/>, returning the error message instead of throwing.</summary>
    public static bool TryLoad(string directory, [NotNullWhen(true)] out BeirDataset? dataset, [NotNullWhen(false)] out string? error, string split = "test")
    {
        try
        {
            dataset = Load(directory, split);
            error = null;
            return true;
        }
        catch (TailorException ex)
        {
            dataset = null;
            error = ex.Message;
            return false;
        }
    }

    private static string Require(string dir, string relative, string split)
    {
        string path = Path.Combine(dir, relative);
        if (!File.Exists(path))
            throw new TailorException($"{path} is missing; a BEIR dataset folder holds corpus.jsonl, queries.jsonl and qrels/{split}.tsv.");
        return path;
    }
}
