using Tailor.Answering;
using Tailor.Embedding;

namespace Tailor.Tests.Answering;

public sealed class MeaningRelevanceTests
{
    [Fact]
    public void Sentence_vectors_are_kept_so_a_second_question_over_the_same_passages_embeds_only_new_sentences()
    {
        var embedder = new LetterEmbedder();
        var meaning = new MeaningRelevance(embedder);
        string[] sentences = ["Vacuum reclaims storage.", "Indexes speed up lookups.", "Vacuum reclaims storage."];

        var first = meaning.Similarities("how is storage reclaimed", sentences);
        Assert.Equal(2, embedder.DocumentsEmbedded); // the repeated sentence once
        Assert.Equal(first[0], first[2]);

        var again = meaning.Similarities("how is storage reclaimed", sentences);
        Assert.Equal(first, again);
        Assert.Equal(2, embedder.DocumentsEmbedded); // nothing embedded again

        var other = meaning.Similarities("what speeds up lookups", ["Indexes speed up lookups.", "Analyze gathers statistics."]);
        Assert.Equal(3, embedder.DocumentsEmbedded); // only the new sentence
        var direct = new MeaningRelevance(new LetterEmbedder()).Similarities("what speeds up lookups", ["Indexes speed up lookups.", "Analyze gathers statistics."]);
        Assert.Equal(direct, other);
        Assert.Equal(3, meaning.CachedSentences);
    }

    [Fact]
    public void The_kept_vectors_stay_within_their_bound_and_answers_stay_the_same_past_it()
    {
        var embedder = new LetterEmbedder();
        var meaning = new MeaningRelevance(embedder);
        var batch = Enumerable.Range(0, 1000).Select(i => $"sentence number {i} about topic {i % 7}").ToArray();
        for (int round = 0; round * batch.Length <= MeaningRelevance.MaxCachedSentences; round++)
        {
            var texts = batch.Select(s => s + " round " + round).ToArray();
            meaning.Similarities("topic", texts);
            Assert.InRange(meaning.CachedSentences, 1, MeaningRelevance.MaxCachedSentences);
        }
        var probe = new[] { "sentence number 3 about topic 3 round 0", "a sentence never seen" };
        Assert.Equal(new MeaningRelevance(new LetterEmbedder()).Similarities("topic", probe), meaning.Similarities("topic", probe));
    }

    /// <summary>A deterministic stand-in for a pretrained model: letter counts, normalized; counts document texts embedded.</summary>
    private sealed class LetterEmbedder : IEmbedder
    {
        public int DocumentsEmbedded { get; private set; }

        public string ModelId => "letters";

        public int Dimensions => 26;

        public Task<float[][]> EmbedDocumentsAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
        {
            DocumentsEmbedded += texts.Count;
            return Task.FromResult(texts.Select(Vector).ToArray());
        }

        public Task<float[]> EmbedQueryAsync(string text, CancellationToken cancellationToken = default) => Task.FromResult(Vector(text));

        private static float[] Vector(string text)
        {
            var v = new float[26];
            foreach (var ch in text.ToLowerInvariant())
                if (ch is >= 'a' and <= 'z') v[ch - 'a']++;
            var norm = MathF.Sqrt(v.Sum(x => x * x));
            return norm == 0 ? v : v.Select(x => x / norm).ToArray();
        }
    }
}
