using System.Text.Json.Nodes;
using Tailor.Embedding;
using Tailor.FineTuning.Classification;
using Tailor.OpenAI.Configuration;
using Tailor.OpenAI.Embedding;
using Tailor.Testing;
using Tailor.Testing.Classification;
using Tailor.Testing.OpenAi;

namespace Tailor.FineTuning.Tests.Classification;

/// <summary>Embedding features of the local classifier: the built-in LSA block saved with the model, and a server model's.</summary>
public sealed class EmbeddingFeaturesTests
{
    private static readonly ClassifierOptions Small = new() { Features = new TextFeatureOptions { Buckets = 1 << 16, Embeddings = "none" } };

    private static List<LabeledText> Data(int count, int seed, double noise = 0) =>
        SyntheticTextCorpus.Generate(count, 2, seed, noise).Select((e, i) => new LabeledText(e.Label, e.Text, i + 1)).ToList();

    private static OpenAiEmbedder Embedder(OpenAiTestServer server, string model = "test-embed") =>
        OpenAiEmbedder.Create(new OpenAiSettings { BaseUrl = server.BaseUrl, ApiKey = "k", EmbeddingModel = model, MaxRetries = 0, Timeout = TimeSpan.FromSeconds(60) });

    private static float[] Probabilities(TextClassifier classifier, string text)
    {
        var p = new float[classifier.Labels.Count];
        classifier.PredictProbabilities(text, p);
        return p;
    }

    [Fact]
    public void Builtin_embeddings_add_a_dense_block_that_is_saved_and_loaded_with_the_model()
    {
        var plain = ClassifierTraining.Train(Data(800, seed: 31), null, Data(200, seed: 32), Small);
        var options = Small with { Features = Small.Features with { Embeddings = "builtin" } };
        var result = ClassifierTraining.Train(Data(800, seed: 31), null, Data(200, seed: 32), options);

        int dims = result.Classifier.Features.Dense!.Dimensions;
        Assert.InRange(dims, 2, 128);
        Assert.Equal(plain.Classifier.FeatureCount + dims, result.Classifier.FeatureCount);
        Assert.True(result.Test!.Accuracy >= 0.95, $"accuracy {result.Test.Accuracy}");

        using var dir = new TempDirectory();
        var folder = Saved(result.Classifier, dir);
        Assert.True(File.Exists(Path.Combine(folder, EmbeddingFeatures.BuiltinFileName)));
        var loaded = TextClassifier.Load(folder);
        Assert.Equal(result.Classifier.FeatureCount, loaded.FeatureCount);
        foreach (var example in Data(20, seed: 33))
            Assert.Equal(Probabilities(result.Classifier, example.Text), Probabilities(loaded, example.Text));

        File.Delete(Path.Combine(folder, EmbeddingFeatures.BuiltinFileName));
        var ex = Assert.Throws<TailorException>(() => TextClassifier.Load(folder));
        Assert.Contains(EmbeddingFeatures.BuiltinFileName, ex.Message);
    }

    [Fact]
    public void The_same_seed_gives_the_same_builtin_embedder_and_the_same_model()
    {
        var options = Small with { Features = Small.Features with { Embeddings = "builtin" } };
        var a = ClassifierTraining.Train(Data(400, seed: 41), null, null, options).Classifier;
        var b = ClassifierTraining.Train(Data(400, seed: 41), null, null, options).Classifier;
        foreach (var example in Data(10, seed: 42))
            Assert.Equal(Probabilities(a, example.Text), Probabilities(b, example.Text));
    }

    [Fact]
    public async Task Server_embeddings_need_the_same_model_configured_to_classify()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        var options = Small with { Features = Small.Features with { Embeddings = "server" } };
        var missing = Assert.Throws<TailorException>(() => ClassifierTraining.Train(Data(300, seed: 51), null, null, options));
        Assert.Contains("TAILOR_EMBEDDING_MODEL", missing.Message);

        var embedder = Embedder(server);
        var result = ClassifierTraining.Train(Data(300, seed: 51), null, Data(100, seed: 52), options, embedder: embedder);
        Assert.True(server.RequestsTo("embeddings").Count > 0);
        int dims = result.Classifier.Features.Dense!.Dimensions;
        Assert.True(dims > 0);

        using var dir = new TempDirectory();
        var folder = Saved(result.Classifier, dir);
        Assert.False(File.Exists(Path.Combine(folder, EmbeddingFeatures.BuiltinFileName)));

        var loaded = TextClassifier.Load(folder, () => Embedder(server));
        const string text = "a short message to label";
        Assert.Equal(Probabilities(result.Classifier, text), Probabilities(loaded, text));

        var none = Assert.Throws<TailorException>(() => TextClassifier.Load(folder));
        Assert.Contains("\"test-embed\"", none.Message);
        Assert.Contains("no embedding model is configured", none.Message);
        var other = Assert.Throws<TailorException>(() => TextClassifier.Load(folder, () => Embedder(server, "other-embed")));
        Assert.Contains("\"other-embed\"", other.Message);
    }

    /// <summary>
    /// A model that embeds a text as its first <c>length</c> character codes and counts its requests: stands in for a
    /// server whose vectors change length, or whose batching is checked.
    /// </summary>
    private sealed class FixedLengthEmbedder(int length) : IEmbedder
    {
        public int Requests;
        public string ModelId => "fixed";
        public int Dimensions => 0;
        public Task<float[][]> EmbedDocumentsAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Requests);
            return Task.FromResult(texts.Select(t => Enumerable.Range(0, length).Select(i => i < t.Length ? (float)t[i] : 1f).ToArray()).ToArray());
        }
        public Task<float[]> EmbedQueryAsync(string text, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }

    /// <summary>Saves <paramref name="classifier"/> into a model folder under <paramref name="dir"/>; returns the folder.</summary>
    private static string Saved(TextClassifier classifier, TempDirectory dir)
    {
        var folder = dir.File("model");
        classifier.Save(folder);
        return folder;
    }

    [Fact]
    public void Predicting_many_texts_asks_the_embedding_model_once_and_gives_what_one_at_a_time_gives()
    {
        var options = Small with { Features = Small.Features with { Embeddings = "server" } };
        var counting = new FixedLengthEmbedder(8);
        var result = ClassifierTraining.Train(Data(300, seed: 81), null, Data(100, seed: 82), options, embedder: counting);
        // training, validation carved from train, and the test report: one request each, not one per text
        Assert.InRange(counting.Requests, 1, 3);

        var texts = Data(60, seed: 83).Select(e => e.Text).ToList();
        int before = counting.Requests;
        var many = result.Classifier.PredictAll(texts);
        Assert.Equal(before + 1, counting.Requests);
        Assert.Equal(texts.Count, many.Count);
        for (int i = 0; i < texts.Count; i++)
        {
            var one = result.Classifier.Predict(texts[i]);
            Assert.Equal(one.Label, many[i].Label);
            Assert.Equal(one.Probabilities, many[i].Probabilities);
        }
    }

    [Fact]
    public void A_server_model_answering_with_another_length_than_it_was_trained_with_is_refused()
    {
        var options = Small with { Features = Small.Features with { Embeddings = "server" } };
        var result = ClassifierTraining.Train(Data(200, seed: 61), null, null, options, embedder: new FixedLengthEmbedder(8));
        using var dir = new TempDirectory();
        var folder = Saved(result.Classifier, dir);
        Assert.Equal(2, TextClassifier.Load(folder, () => new FixedLengthEmbedder(8)).Predict("hello there").Probabilities.Count);
        foreach (int other in new[] { 4, 16 })
        {
            var loaded = TextClassifier.Load(folder, () => new FixedLengthEmbedder(other));
            var ex = Assert.Throws<TailorException>(() => loaded.Predict("hello there"));
            Assert.Contains($"returned {other} dimensions", ex.Message);
        }
    }

    [Fact]
    public void A_model_saved_before_embedding_features_existed_still_loads_without_them()
    {
        var result = ClassifierTraining.Train(Data(300, seed: 71), null, null, Small);
        using var dir = new TempDirectory();
        var folder = Saved(result.Classifier, dir);
        // what an older version wrote: no embedding fields at all
        var path = Path.Combine(folder, "classifier.json");
        var manifest = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        manifest.Remove("embedding_model");
        Assert.True(manifest.Remove("embedding_dimensions"));
        Assert.True(manifest["options"]!["features"]!.AsObject().Remove("embeddings"));
        File.WriteAllText(path, manifest.ToJsonString());

        var loaded = TextClassifier.Load(folder);
        Assert.Equal("none", loaded.Options.Features.Embeddings);
        foreach (var example in Data(10, seed: 72))
            Assert.Equal(Probabilities(result.Classifier, example.Text), Probabilities(loaded, example.Text));
    }

    [Fact]
    public void An_unknown_embeddings_option_is_refused_with_the_choices()
    {
        var ex = Assert.Throws<TailorException>(() => new TextFeatureOptions { Embeddings = "bert" }.Validate());
        Assert.Contains("none, builtin", ex.Message);
    }
}
