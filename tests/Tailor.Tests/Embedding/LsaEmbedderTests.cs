using System.Numerics.Tensors;
using Tailor.Embedding;

namespace Tailor.Tests.Embedding;

public class LsaEmbedderTests
{
    private static List<string> Split(string text) => text.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();

    /// <summary>Two topics (cooking, astronomy) with overlapping vocabularies inside each topic, plus shared filler words.</summary>
    private static List<string> TwoTopicCorpus()
    {
        string[] cooking = ["oven", "flour", "butter", "sugar", "bake", "dough", "recipe", "knead", "yeast", "bread"];
        string[] astronomy = ["star", "planet", "orbit", "telescope", "galaxy", "comet", "nebula", "moon", "solar", "astronomer"];
        string[] filler = ["the", "report", "notes", "today", "again"];
        var texts = new List<string>();
        var random = new Random(3);
        for (int d = 0; d < 40; d++)
        {
            var words = d % 2 == 0 ? cooking : astronomy;
            var picked = new List<string>();
            for (int w = 0; w < 6; w++) picked.Add(words[random.Next(words.Length)]);
            picked.Add(filler[random.Next(filler.Length)]);
            texts.Add(string.Join(' ', picked));
        }
        return texts;
    }

    private static LsaEmbedder TrainSmall(ulong seed = 42) => LsaEmbedder.Train(TwoTopicCorpus(), Split, new LsaOptions { Dimensions = 8, Seed = seed });

    [Fact]
    public void Documents_of_the_same_topic_are_closer_than_documents_of_different_topics()
    {
        var embedder = LsaEmbedder.Train(TwoTopicCorpus(), Split, new LsaOptions { Dimensions = 2 });
        var bread = embedder.Embed("knead the dough and bake the bread");
        var cake = embedder.Embed("butter sugar flour oven");
        var comet = embedder.Embed("a comet crossed the telescope view of the galaxy");
        var moon = embedder.Embed("moon orbit planet");

        Assert.True(TensorPrimitives.CosineSimilarity(bread, cake) > TensorPrimitives.CosineSimilarity(bread, comet) + 0.5);
        Assert.True(TensorPrimitives.CosineSimilarity(comet, moon) > TensorPrimitives.CosineSimilarity(moon, cake) + 0.5);
    }

    [Fact]
    public void Same_seed_and_text_give_identical_models()
    {
        var a = TrainSmall(seed: 7);
        var b = TrainSmall(seed: 7);
        Assert.Equal(a.ModelId, b.ModelId);
        Assert.Equal(a.Embed("yeast bread star"), b.Embed("yeast bread star"));
    }

    [Fact]
    public void Model_id_names_the_method_and_dimensions()
    {
        var embedder = TrainSmall();
        Assert.StartsWith("tailor-lsa-8-", embedder.ModelId);
        Assert.Equal(8, embedder.Dimensions);
    }

    [Fact]
    public void Vectors_are_unit_length_and_unknown_words_give_zeros()
    {
        var embedder = TrainSmall();
        Assert.Equal(1f, TensorPrimitives.Norm(embedder.Embed("galaxy nebula")), 4);
        Assert.All(embedder.Embed("zebra xylophone"), x => Assert.Equal(0f, x));
        Assert.All(embedder.Embed(""), x => Assert.Equal(0f, x));
    }

    [Fact]
    public async Task Query_and_document_sides_agree_for_the_same_text()
    {
        var embedder = TrainSmall();
        var documents = await embedder.EmbedDocumentsAsync(["oven bread", "comet moon"]);
        Assert.Equal(2, documents.Length);
        Assert.Equal(documents[1], await embedder.EmbedQueryAsync("comet moon"));
    }

    [Fact]
    public void Model_is_stale_once_the_corpus_has_doubled()
    {
        var embedder = TrainSmall();
        Assert.Equal(40, embedder.DocumentCount);
        Assert.False(embedder.IsStale(79));
        Assert.True(embedder.IsStale(80));
        Assert.True(embedder.IsStale(60, growthFactor: 1.5));
        Assert.Throws<TailorException>(() => embedder.IsStale(60, growthFactor: 1));
    }

    [Fact]
    public void Small_corpus_yields_fewer_dimensions()
    {
        var embedder = LsaEmbedder.Train(["alpha beta", "beta gamma", "gamma alpha"], Split);
        Assert.Equal(3, embedder.Dimensions);
        Assert.Equal(embedder.Dimensions, embedder.Embed("alpha").Length);
    }

    [Fact]
    public void Single_document_corpus_still_trains()
    {
        var embedder = LsaEmbedder.Train(["just one lonely document"], Split);
        Assert.Equal(1, embedder.Dimensions);
        Assert.Equal(1f, TensorPrimitives.Norm(embedder.Embed("lonely")), 4);
    }

    [Fact]
    public void Empty_corpus_is_refused_with_a_clear_message()
    {
        var error = Assert.Throws<TailorException>(() => LsaEmbedder.Train([], Split));
        Assert.Contains("empty corpus", error.Message);
        Assert.Throws<TailorException>(() => LsaEmbedder.Train(["", "   "], Split));
    }

    [Fact]
    public void Invalid_options_are_refused()
    {
        var error = Assert.Throws<TailorException>(() => LsaEmbedder.Train(TwoTopicCorpus(), Split, new LsaOptions { Dimensions = 0 }));
        Assert.Contains("Dimensions", error.Message);
    }

    [Fact]
    public void Save_and_load_round_trip_gives_identical_embeddings()
    {
        var embedder = TrainSmall();
        using var stream = new MemoryStream();
        embedder.Save(stream);
        stream.Position = 0;

        var loaded = LsaEmbedder.Load(stream, Split);

        Assert.Equal(embedder.ModelId, loaded.ModelId);
        Assert.Equal(embedder.Dimensions, loaded.Dimensions);
        Assert.Equal(embedder.VocabularySize, loaded.VocabularySize);
        Assert.Equal(embedder.Options, loaded.Options);
        foreach (var text in TwoTopicCorpus()) Assert.Equal(embedder.Embed(text), loaded.Embed(text));
    }

    [Fact]
    public void Damaged_files_are_refused_with_a_tailor_exception()
    {
        var embedder = TrainSmall();
        using var stream = new MemoryStream();
        embedder.Save(stream);
        byte[] bytes = stream.ToArray();

        var flipped = (byte[])bytes.Clone();
        flipped[bytes.Length / 2] ^= 0x40;
        var error = Assert.Throws<TailorException>(() => LsaEmbedder.Load(new MemoryStream(flipped), Split, "model.lsa"));
        Assert.Contains("model.lsa", error.Message);
        Assert.Contains("checksum", error.Message);

        Assert.Throws<TailorException>(() => LsaEmbedder.Load(new MemoryStream(bytes[..(bytes.Length - 9)]), Split));
        Assert.Throws<TailorException>(() => LsaEmbedder.Load(new MemoryStream(bytes[..3]), Split));
        Assert.Throws<TailorException>(() => LsaEmbedder.Load(new MemoryStream("not a model at all"u8.ToArray()), Split));

        var newer = (byte[])bytes.Clone();
        newer[4] = 99;
        var versionError = Assert.Throws<TailorException>(() => LsaEmbedder.Load(new MemoryStream(newer), Split));
        Assert.Contains("newer", versionError.Message);
    }
}
