using Tailor.Chunking;
using Tailor.Embedding;
using Tailor.Storage;

namespace Tailor.Migration;

/// <summary>
/// Copies one store into another, empty one: documents with their tags, dates and chunks, every stored model
/// (the built-in embedder, a server model's record, a PCA projection) and the vectors (nothing is re-embedded:
/// each vector follows its chunk to the chunk's new id), few-shot examples, chat sessions and the server's API keys (revoked ones too, so none comes back). The embedding cache
/// is not copied (it refills from the server on the next reembed).
/// </summary>
internal static class StoreMigration
{
    private const int Batch = 256;

    public static (long Documents, long Chunks, long Embeddings, int Examples, int Sessions, int Keys) Copy(IKnowledgeStore source, IKnowledgeStore target, EmbedderInfo embedder, string? activeModelId)
    {
        if (target.Counts() is { Documents: > 0 } or { Chunks: > 0 })
            throw new TailorException($"{target.Location}: the database already holds a knowledge base; migrate into an empty database.");
        var idMap = new Dictionary<long, long>();
        long documents = 0, chunks = 0;
        foreach (var page in source.ListDocuments().Chunk(Batch))
        {
            var writes = new List<DocumentWrite>(page.Length);
            var sourceIds = new List<long[]>(page.Length);
            foreach (var doc in page)
            {
                var stored = source.ChunksOf(doc.Id);
                var rows = source.RowsOf(doc.Id);
                writes.Add(new DocumentWrite(doc, stored.Select(c => new ChunkDraft(c.Text, c.Section, c.LineStart, c.LineEnd, c.Anchor, c.TokenCount, rows.GetValueOrDefault(c.Id))).ToList()));
                sourceIds.Add(stored.Select(c => c.Id).ToArray());
            }
            var outcomes = target.Write(writes);
            for (int d = 0; d < outcomes.Count; d++)
                for (int i = 0; i < outcomes[d].NewChunkIds.Length; i++) idMap[sourceIds[d][i]] = outcomes[d].NewChunkIds[i];
            documents += page.Length;
            chunks += writes.Sum(w => w.Chunks.Count);
        }

        long embeddings = 0;
        if (activeModelId is not null)
        {
            // the side models first (each with no vectors), then the one whose write carries every vector
            var names = new List<string> { EmbeddingSync.ModelName, EmbeddingSync.ServerModelName, EmbeddingSync.ProjectionName(activeModelId) };
            string main = embedder.IsBuiltin ? EmbeddingSync.ModelName : embedder.Reduce is null ? EmbeddingSync.ServerModelName : EmbeddingSync.ProjectionName(activeModelId);
            foreach (var name in names.Where(n => n != main))
                if (source.ReadModel(name) is { } side) target.WriteEmbeddings(side.ModelId, [], (name, side.Data));
            var record = source.ReadModel(main);
            embeddings = target.WriteEmbeddings(activeModelId, Mapped(source.ScanEmbeddings(activeModelId), idMap), record is { } r ? (main, r.Data) : null);
        }

        var examples = source.ListExamples();
        if (examples.Count > 0) target.InsertExamples(examples);
        var sessions = source.ListSessions();
        foreach (var session in sessions)
        {
            var history = source.ReadSession(session.Name);
            target.AppendToSession(session.Name, history.Messages, expectedVersion: null);
        }
        int keys = 0;
        foreach (var key in source.ListKeys())
            if (target.AddKey(key) == KeyConflict.None) keys++;
        return (documents, chunks, embeddings, examples.Count, sessions.Count, keys);
    }

    private static IEnumerable<(long, float[])> Mapped(IEnumerable<(long ChunkId, float[] Vector)> vectors, Dictionary<long, long> idMap)
    {
        foreach (var (id, vector) in vectors)
            if (idMap.TryGetValue(id, out var target)) yield return (target, vector);
    }
}
