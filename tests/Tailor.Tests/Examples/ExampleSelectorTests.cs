using Tailor.Embedding;
using Tailor.Examples;
using Tailor.Lexical;
using Tailor.Testing;

namespace Tailor.Tests.Examples;

public sealed class ExampleSelectorTests : IDisposable
{
    private readonly TempDirectory _temp = new("tailor-example-select");
    private readonly KnowledgeBase _kb;

    public ExampleSelectorTests() => _kb = KnowledgeBase.Open(_temp.File("kb"));

    [Fact]
    public async Task The_most_similar_examples_come_first()
    {
        _kb.Examples.Add("How do I reset my password?", "Use the reset link [1].", "password");
        _kb.Examples.Add("Which trains go to the airport?", "Line S8 [1].", "trains");
        _kb.Examples.Add("How many vacation days do employees get?", "25 days [1].", "vacation");
        _kb.Examples.Add("What is the boiling point of water?", "100 °C [1].", "water");
        var selector = _kb.ExampleSelector();
        Assert.Equal("tf-idf", selector.Method); // an empty knowledge base has no embedder

        var picks = await selector.SelectAsync("vacation days for contractors", k: 2);
        Assert.Equal(2, picks.Count);
        Assert.Equal("vacation", picks[0].Example.Id);
        Assert.True(picks[0].Similarity > 0.3);
        Assert.Equal(0, picks[1].Similarity, 6); // nothing else shares a word

        var password = await selector.SelectAsync("I forgot my password, how to reset it?", k: 1);
        Assert.Equal("password", Assert.Single(password).Example.Id);
    }

    [Fact]
    public async Task Mmr_skips_a_near_duplicate_of_an_example_already_chosen()
    {
        _kb.Examples.Add("How many vacation days do employees get per year?", "25 days [1].", "vacation-a");
        _kb.Examples.Add("How many vacation days do employees get each year?", "25 days a year [1].", "vacation-b");
        _kb.Examples.Add("Do contractors get paid vacation days?", "No [1].", "contractors");
        _kb.Examples.Add("Where is the cafeteria?", "Ground floor [1].", "cafeteria");
        var selector = _kb.ExampleSelector();

        var byRelevance = await selector.SelectAsync("how many vacation days do employees get", k: 2, lambda: 1.0);
        Assert.Equal(["vacation-a", "vacation-b"], byRelevance.Select(p => p.Example.Id).Order());

        var diverse = await selector.SelectAsync("how many vacation days do employees get", k: 2);
        Assert.Contains(diverse[0].Example.Id, new[] { "vacation-a", "vacation-b" });
        Assert.Equal("contractors", diverse[1].Example.Id);
    }

    [Fact]
    public async Task No_examples_or_k_zero_choose_nothing()
    {
        Assert.Empty(await _kb.ExampleSelector().SelectAsync("anything", 3));
        _kb.Examples.Add("a question", "an answer");
        Assert.Empty(await _kb.ExampleSelector().SelectAsync("a question", 0));
        await Assert.ThrowsAsync<TailorException>(() => _kb.ExampleSelector().SelectAsync("  ", 3));
    }

    [Fact]
    public async Task With_an_embedder_inputs_are_embedded_once_and_cached_per_model()
    {
        string[] topics = ["vacation leave holiday days", "password login account reset", "train airport station ticket", "kitchen lunch cafeteria food"];
        var corpus = Enumerable.Range(0, 40).Select(i => $"{topics[i % 4]} note {i}").ToList();
        Func<string, List<string>> analyze = new Analyzer(new LexicalOptions()).Analyze;
        var lsa = LsaEmbedder.Train(corpus, analyze, new LsaOptions { Dimensions = 4 });
        var embedder = new CountingEmbedder(lsa);
        _kb.Examples.Add("How many vacation days and holiday leave?", "25 days [1].", "vacation");
        _kb.Examples.Add("I cannot login, how to reset my password?", "Use the reset link [1].", "password");
        _kb.Examples.Add("Which train goes to the airport station?", "Line S8 [1].", "train");
        var selector = new ExampleSelector(_kb.Examples, embedder, analyze);
        Assert.Equal("embedding:" + lsa.ModelId, selector.Method);

        var picks = await selector.SelectAsync("holiday leave days", k: 1);
        Assert.Equal("vacation", Assert.Single(picks).Example.Id);
        Assert.Equal(3, embedder.DocumentsEmbedded);

        _kb.Examples.Add("Where can I get lunch food?", "The cafeteria [1].", "lunch");
        var again = await new ExampleSelector(_kb.Examples, embedder, analyze).SelectAsync("cafeteria food for lunch", k: 1);
        Assert.Equal("lunch", Assert.Single(again).Example.Id);
        Assert.Equal(4, embedder.DocumentsEmbedded); // only the new example was embedded
    }

    /// <summary>Counts how many document texts reach the wrapped embedder.</summary>
    private sealed class CountingEmbedder(IEmbedder inner) : IEmbedder
    {
        public int DocumentsEmbedded { get; private set; }

        public string ModelId => inner.ModelId;

        public int Dimensions => inner.Dimensions;

        public Task<float[][]> EmbedDocumentsAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
        {
            DocumentsEmbedded += texts.Count;
            return inner.EmbedDocumentsAsync(texts, cancellationToken);
        }

        public Task<float[]> EmbedQueryAsync(string text, CancellationToken cancellationToken = default) => inner.EmbedQueryAsync(text, cancellationToken);
    }

    public void Dispose()
    {
        _kb.Dispose();
        _temp.Dispose();
    }
}
