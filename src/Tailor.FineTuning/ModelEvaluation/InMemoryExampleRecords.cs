using Tailor.Storage;

namespace Tailor.FineTuning.ModelEvaluation;

/// <summary>Few-shot example rows kept in memory, for examples read from a file rather than a knowledge base.</summary>
internal sealed class InMemoryExampleRecords : IExampleRecords
{
    private readonly List<StoredExample> _examples = [];
    private readonly Dictionary<string, Dictionary<string, float[]>> _vectors = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    public List<(ExampleConflict Conflict, string? ExistingId)> InsertExamples(IReadOnlyList<StoredExample> examples)
    {
        lock (_gate)
        {
            var outcomes = new List<(ExampleConflict, string?)>(examples.Count);
            foreach (var e in examples)
            {
                var sameContent = _examples.FirstOrDefault(x => x.ContentHash == e.ContentHash);
                if (sameContent != null) { outcomes.Add((ExampleConflict.SameContent, sameContent.Id)); continue; }
                if (_examples.Any(x => x.Id == e.Id)) { outcomes.Add((ExampleConflict.SameId, e.Id)); continue; }
                _examples.Add(e);
                outcomes.Add((ExampleConflict.None, null));
            }
            return outcomes;
        }
    }

    public List<StoredExample> ListExamples()
    {
        lock (_gate) return [.. _examples];
    }

    public bool RemoveExample(string id)
    {
        lock (_gate) return _examples.RemoveAll(e => e.Id == id) > 0;
    }

    public Dictionary<string, float[]> ExampleVectors(string modelId)
    {
        lock (_gate) return _vectors.TryGetValue(modelId, out var v) ? new Dictionary<string, float[]>(v, StringComparer.Ordinal) : new(StringComparer.Ordinal);
    }

    public void SaveExampleVectors(string modelId, IReadOnlyList<(string Id, float[] Vector)> vectors)
    {
        lock (_gate)
        {
            if (!_vectors.TryGetValue(modelId, out var v)) _vectors[modelId] = v = new(StringComparer.Ordinal);
            foreach (var (id, vector) in vectors) v[id] = vector;
        }
    }
}
