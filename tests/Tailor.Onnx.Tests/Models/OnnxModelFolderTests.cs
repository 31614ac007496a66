using System.Numerics.Tensors;
using Tailor.Onnx.Models;
using Tailor.Testing;

namespace Tailor.Onnx.Tests.Models;

public sealed class OnnxModelFolderTests
{
    private static void WriteBundledVocabulary(TempDirectory dir)
    {
        using var vocab = BundledModels.Find(BundledModels.ArcticXs)!.OpenVocabulary();
        using var file = File.Create(dir.File("vocab.txt"));
        vocab.CopyTo(file);
    }

    [Fact]
    public async Task A_missing_model_file_is_an_error_naming_it()
    {
        using var dir = new TempDirectory();
        WriteBundledVocabulary(dir);
        var embedder = OnnxEmbedder.Create(dir.Path);
        var ex = await Assert.ThrowsAsync<TailorException>(() => embedder.EmbedQueryAsync("anything"));
        Assert.Contains(dir.File("model.onnx"), ex.Message);
        Assert.Contains("missing", ex.Message);
    }

    [Fact]
    public async Task A_corrupt_model_file_is_an_error_naming_it()
    {
        using var dir = new TempDirectory();
        WriteBundledVocabulary(dir);
        File.WriteAllBytes(dir.File("model.onnx"), [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 37))]);
        var embedder = OnnxEmbedder.Create(dir.Path);
        var ex = await Assert.ThrowsAsync<TailorException>(() => embedder.EmbedQueryAsync("anything"));
        Assert.Contains(dir.File("model.onnx"), ex.Message);
        Assert.Contains("not a valid ONNX model", ex.Message);
    }

    [Fact]
    public async Task A_missing_vocabulary_is_an_error_naming_it()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("model.onnx"), [1, 2, 3]);
        var ex = await Assert.ThrowsAsync<TailorException>(() => OnnxEmbedder.Create(dir.Path).EmbedQueryAsync("anything"));
        Assert.Contains(dir.File("vocab.txt"), ex.Message);
    }

    [Fact]
    public void A_folder_that_does_not_exist_is_named()
    {
        var ex = Assert.Throws<TailorException>(() => OnnxModelFolder.Read("/nonexistent/model-folder"));
        Assert.Contains("/nonexistent/model-folder", ex.Message);
    }

    [Fact]
    public void Sentence_transformers_settings_files_choose_pooling_length_and_prefixes()
    {
        using var dir = new TempDirectory();
        dir.Write("1_Pooling/config.json", """{"word_embedding_dimension": 384, "pooling_mode_cls_token": true, "pooling_mode_mean_tokens": false}""");
        dir.Write("sentence_bert_config.json", """{"max_seq_length": 128, "do_lower_case": false}""");
        dir.Write("config_sentence_transformers.json", """{"prompts": {"query": "query: ", "document": "passage: "}}""");
        var spec = OnnxModelFolder.Read(dir.Path);
        Assert.Equal(Pooling.Cls, spec.Pooling);
        Assert.Equal(128, spec.MaxTokens);
        Assert.False(spec.LowerCase);
        Assert.Equal("query: ", spec.QueryPrefix);
        Assert.Equal("passage: ", spec.DocumentPrefix);

        using var bare = new TempDirectory();
        var defaults = OnnxModelFolder.Read(bare.Path);
        Assert.Equal(Pooling.Mean, defaults.Pooling);
        Assert.Equal(512, defaults.MaxTokens);
        Assert.Equal("", defaults.QueryPrefix);
    }

    [Fact]
    public async Task An_export_in_a_folder_embeds_like_the_same_model_bundled()
    {
        using var dir = new TempDirectory();
        var bundled = BundledModels.Find(BundledModels.ArcticXs)!;
        File.WriteAllBytes(dir.File("model.onnx"), bundled.ReadModel());
        WriteBundledVocabulary(dir);
        dir.Write("1_Pooling/config.json", """{"pooling_mode_cls_token": true}""");
        dir.Write("config_sentence_transformers.json", """{"prompts": {"query": "Represent this sentence for searching relevant passages: "}}""");
        var fromFolder = OnnxEmbedder.Create(dir.Path);
        Assert.Equal(dir.Path, fromFolder.ModelId);
        Assert.Equal(384, fromFolder.Dimensions);
        var a = await fromFolder.EmbedQueryAsync("how do I rotate log files");
        var b = await OnnxEmbedder.Create(BundledModels.ArcticXs).EmbedQueryAsync("how do I rotate log files");
        Assert.True(TensorPrimitives.CosineSimilarity(a, b) >= 0.9999);
    }
}
