using System.Numerics.Tensors;
using System.Text.Json;
using Tailor.Onnx.Models;

namespace Tailor.Onnx.Tests;

public sealed class OnnxEmbedderTests
{
    private static readonly JsonElement Reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "reference-vectors.json"))).RootElement;

    private static string[] ReferenceTexts => [.. Reference.GetProperty("texts").EnumerateArray().Select(t => t.GetString()!)];

    [Theory]
    [InlineData(BundledModels.ArcticXs)]
    [InlineData(BundledModels.MiniLm)]
    public async Task Document_vectors_match_the_packages_own_encoder(string model)
    {
        var embedder = OnnxEmbedder.Create(model);
        var vectors = await embedder.EmbedDocumentsAsync(ReferenceTexts);
        var expected = Reference.GetProperty(model).EnumerateArray().ToArray();
        Assert.Equal(expected.Length, vectors.Length);
        for (int i = 0; i < vectors.Length; i++)
        {
            var reference = expected[i].EnumerateArray().Select(v => v.GetSingle()).ToArray();
            Assert.Equal(384, vectors[i].Length);
            double cosine = TensorPrimitives.CosineSimilarity(vectors[i], reference);
            Assert.True(cosine >= 0.9999, $"{model}, text {i}: cosine {cosine} to the package's vector");
            Assert.Equal(1.0, TensorPrimitives.Norm(vectors[i]), 4);
        }
    }

    [Fact]
    public async Task Texts_embedded_together_get_the_vectors_they_get_alone_in_their_order()
    {
        var embedder = OnnxEmbedder.Create(BundledModels.MiniLm);
        string[] texts = ["short", string.Join(' ', Enumerable.Repeat("a much longer text about servers and logs", 12)), "a middle sized sentence about replication", "short"];
        var together = await embedder.EmbedDocumentsAsync(texts);
        for (int i = 0; i < texts.Length; i++)
        {
            var alone = (await embedder.EmbedDocumentsAsync([texts[i]]))[0];
            Assert.True(TensorPrimitives.CosineSimilarity(alone, together[i]) >= 0.9999, $"text {i} changed when batched with longer texts");
        }
        Assert.True(TensorPrimitives.CosineSimilarity(together[0], together[1]) < 0.99);
    }

    [Fact]
    public async Task Arctic_queries_carry_the_retrieval_prefix_and_documents_do_not()
    {
        var embedder = OnnxEmbedder.Create(BundledModels.ArcticXs);
        const string question = "how do I keep a second server as a copy of the first";
        var query = await embedder.EmbedQueryAsync(question);
        var prefixed = (await embedder.EmbedDocumentsAsync([embedder.Spec.QueryPrefix + question]))[0];
        var plain = (await embedder.EmbedDocumentsAsync([question]))[0];
        Assert.StartsWith("Represent this sentence", embedder.Spec.QueryPrefix);
        Assert.True(TensorPrimitives.CosineSimilarity(query, prefixed) >= 0.9999);
        Assert.True(TensorPrimitives.CosineSimilarity(query, plain) < 0.99);
        Assert.Equal(Pooling.Cls, embedder.Spec.Pooling);
        Assert.Equal(Pooling.Mean, BundledModels.Find("minilm")!.Pooling);
    }

    [Theory]
    [InlineData(BundledModels.ArcticXs, 512)]
    [InlineData(BundledModels.MiniLm, 256)]
    public void Long_texts_are_truncated_to_the_models_length_and_still_end_with_sep(string model, int max)
    {
        var embedder = OnnxEmbedder.Create(model);
        var ids = embedder.Tokenize(string.Join(' ', Enumerable.Repeat("replication", 2000)));
        Assert.Equal(max, ids.Count);
        Assert.Equal(101, ids[0]);  // [CLS]
        Assert.Equal(102, ids[^1]); // [SEP]
    }

    [Fact]
    public async Task One_model_is_loaded_once_per_process_for_every_embedder_of_it()
    {
        var first = OnnxEmbedder.Create(BundledModels.MiniLm, threads: 1);
        var second = OnnxEmbedder.Create(BundledModels.MiniLm, threads: 1);
        await first.EmbedQueryAsync("warm up");
        Assert.Same(Inference.OnnxModelCache.Get(first.Spec, 1), Inference.OnnxModelCache.Get(second.Spec, 1));
        Assert.Equal(first.EnsureLoaded(), second.EnsureLoaded());
    }

    [Fact]
    public void The_manifest_kind_is_onnx_and_the_model_id_the_bundled_name()
    {
        var embedder = OnnxEmbedder.Create("ARCTIC-XS");
        Assert.Equal("arctic-xs", embedder.ModelId);
        Assert.Equal("onnx", ((Tailor.Embedding.IEmbedder)embedder).Kind);
        Assert.Equal(384, embedder.Dimensions);
        var info = Tailor.Embedding.EmbedderInfo.For(embedder);
        Assert.True(info.IsPretrained);
        Assert.Equal("--embedder arctic-xs", info.ReembedArguments());
    }
}
