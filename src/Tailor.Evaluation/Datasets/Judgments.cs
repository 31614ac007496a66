namespace Tailor.Evaluation.Datasets;

/// <summary>
/// The relevance judgments of one query: document id → graded score. A grade above 0 is
/// relevant (trec_eval's default relevance level 1); 0 or below is judged non-relevant.
/// </summary>
public sealed class Judgments
{
    private readonly Dictionary<string, int> _grades;

    public Judgments(IReadOnlyDictionary<string, int> grades)
    {
        ArgumentNullException.ThrowIfNull(grades);
        _grades = new Dictionary<string, int>(grades, StringComparer.Ordinal);
        var relevant = new List<int>();
        foreach (var grade in _grades.Values)
        {
            if (grade > 0) relevant.Add(grade);
        }
        relevant.Sort((a, b) => b.CompareTo(a));
        IdealGains = relevant;
    }

    /// <summary>Every judged document and its grade.</summary>
    public IReadOnlyDictionary<string, int> Grades => _grades;

    /// <summary>Number of documents judged relevant (grade &gt; 0).</summary>
    public int RelevantCount => IdealGains.Count;

    /// <summary>The grades of the relevant documents, highest first (the ideal ranking's gains).</summary>
    public IReadOnlyList<int> IdealGains { get; }

    /// <summary>The grade of a document; 0 when it was not judged.</summary>
    public int Grade(string documentId) => _grades.TryGetValue(documentId, out int g) ? g : 0;

    /// <summary>True when the document is judged relevant (grade &gt; 0).</summary>
    public bool IsRelevant(string documentId) => Grade(documentId) > 0;
}
