namespace Tailor.Storage;

/// <summary>The few-shot examples' rows.</summary>
public interface IExampleRecords
{
    /// <summary>
    /// Inserts, in one transaction, every example that conflicts with no stored one (nor an earlier one of the
    /// list); returns per example the conflict that kept it out and the id it conflicts with.
    /// </summary>
    List<(ExampleConflict Conflict, string? ExistingId)> InsertExamples(IReadOnlyList<StoredExample> examples);

    /// <summary>Every example, oldest first.</summary>
    List<StoredExample> ListExamples();

    /// <summary>False when no example has that id.</summary>
    bool RemoveExample(string id);

    /// <summary>Cached input embeddings made by <paramref name="modelId"/>.</summary>
    Dictionary<string, float[]> ExampleVectors(string modelId);

    void SaveExampleVectors(string modelId, IReadOnlyList<(string Id, float[] Vector)> vectors);
}
