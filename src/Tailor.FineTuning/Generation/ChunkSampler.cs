using Tailor.Retrieval;

namespace Tailor.FineTuning.Generation;

/// <summary>Picks the chunks to generate from: every chunk of at least the minimum size, sampled with the seed when there are more than wanted, in document order.</summary>
public static class ChunkSampler
{
    public static IReadOnlyList<SourceChunk> Sample(KnowledgeBase kb, QaGenerationOptions options)
    {
        var all = new List<SourceChunk>();
        foreach (var doc in kb.Documents.List())
        {
            foreach (var chunk in kb.Documents.Chunks(doc.Id))
            {
                if (chunk.TokenCount < options.MinChunkTokens || string.IsNullOrWhiteSpace(chunk.Text)) continue;
                var link = Links.For(doc.Source, doc.Format, chunk.LineStart, chunk.LineEnd, chunk.Anchor);
                all.Add(new SourceChunk(doc.Id, doc.Title, link, chunk.Id, chunk.Section, chunk.Text));
            }
        }
        if (all.Count <= options.MaxChunks) return all;
        var indexes = Enumerable.Range(0, all.Count).ToArray();
        new Random(options.Seed).Shuffle(indexes);
        return indexes.Take(options.MaxChunks).Order().Select(i => all[i]).ToList();
    }
}
