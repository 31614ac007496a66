using Tailor.Embedding;
using Tailor.Testing;

namespace Tailor.Tests.Embedding;

/// <summary>How the core opens knowledge bases embedded by a pretrained model it does not itself depend on.</summary>
[Collection(ProcessWideState.Name)]
public class PretrainedEmbeddersTests
{
    /// <summary>Stands in for an ONNX model: the manifest kind "onnx", vectors from hashed words.</summary>
    private sealed class FakePretrained(string name) : IEmbedder
    {
        public string ModelId => name;
        public string Kind => EmbedderInfo.PretrainedKind;
        public int Dimensions => 16;

        public Task<float[][]> EmbedDocumentsAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
            Task.FromResult(texts.Select(Embed).ToArray());

        public Task<float[]> EmbedQueryAsync(string text, CancellationToken cancellationToken = default) => Task.FromResult(Embed(text));

        private static float[] Embed(string text)
        {
            var v = new float[16];
            foreach (var w in text.ToLowerInvariant().Split(' ', '\n', '.', ',')) if (w.Length > 0) v[(int)((uint)w.GetHashCode(StringComparison.Ordinal) % 16u)] += 1;
            var norm = MathF.Sqrt(v.Sum(x => x * x));
            if (norm == 0) v[0] = 1; else for (int i = 0; i < 16; i++) v[i] /= norm;
            return v;
        }
    }

    [Fact]
    public void A_new_knowledge_base_with_a_pretrained_model_records_it_and_starts_without_vector_feedback()
    {
        using var temp = new TempDirectory();
        using (var kb = KnowledgeBase.Open(temp.File("kb"), embedder: new FakePretrained("fake-model")))
        {
            Assert.Equal(EmbedderInfo.PretrainedKind, kb.Options.Embedder!.Kind);
            Assert.Equal("fake-model", kb.Options.Embedder.Model);
            Assert.Equal(0, kb.Options.Retrieval.Fusion.FeedbackDocuments);
            Assert.NotNull(kb.Meaning);
        }
        using var builtin = KnowledgeBase.Open(temp.File("kb-builtin"));
        Assert.Equal(10, builtin.Options.Retrieval.Fusion.FeedbackDocuments);
        Assert.Null(builtin.Meaning);
    }

    [Fact]
    public async Task Reopened_without_an_embedder_it_uses_the_registered_factory_for_the_recorded_model()
    {
        using var temp = new TempDirectory();
        var kbDir = temp.File("kb");
        using (var kb = KnowledgeBase.Open(kbDir, embedder: new FakePretrained("fake-model")))
            await kb.IngestAsync([Path.Combine(RepoPaths.Samples, "quickstart", "handbook")]);

        var asked = new List<string>();
        PretrainedEmbedders.Register(name => { asked.Add(name); return new FakePretrained(name); });
        try
        {
            using var reopened = KnowledgeBase.OpenExisting(kbDir);
            var result = await reopened.SearchAsync("vacation days", new Tailor.Retrieval.SearchOptions { Mode = Tailor.Retrieval.SearchMode.Vector });
            Assert.NotEmpty(result.Hits);
            Assert.Equal(["fake-model"], asked);
        }
        finally
        {
            PretrainedEmbedders.Register(null!);
        }
    }
}
