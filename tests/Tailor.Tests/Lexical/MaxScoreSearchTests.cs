using Tailor.Lexical;

namespace Tailor.Tests.Lexical;

public class MaxScoreSearchTests
{
    private static List<string> RandomChunk(Random rng, int vocabulary)
    {
        var terms = new List<string>();
        int length = 1 + rng.Next(40);
        for (int j = 0; j < length; j++) terms.Add("t" + (int)(vocabulary * Math.Pow(rng.NextDouble(), 3)));
        return terms;
    }

    private static void AssertBothPathsAgree(LexicalIndex index, Random rng, int vocabulary, Predicate<long>? filter = null)
    {
        for (int q = 0; q < 200; q++)
        {
            var query = RandomChunk(rng, vocabulary).Take(1 + rng.Next(8)).ToList();
            int k = 1 + rng.Next(30);
            index.MaxScoreMinPostings = long.MaxValue;
            var termAtATime = index.Search(query, k, filter);
            index.MaxScoreMinPostings = 0;
            var maxScore = index.Search(query, k, filter);
            Assert.Equal(termAtATime, maxScore);
        }
    }

    [Fact]
    public void Returns_exactly_what_term_at_a_time_returns()
    {
        var rng = new Random(11);
        var index = new LexicalIndex(new LexicalOptions());
        for (int d = 1; d <= 4000; d++) index.Add(d * 5L, RandomChunk(rng, 300));
        AssertBothPathsAgree(index, rng, 300);
    }

    [Fact]
    public void Agrees_with_a_tail_segment_removals_and_a_filter()
    {
        var rng = new Random(12);
        var index = new LexicalIndex(new LexicalOptions());
        for (int d = 1; d <= 3000; d++) index.Add(d, RandomChunk(rng, 200));
        index.Search(["t1"], 1);
        for (int d = 3001; d <= 3400; d++) index.Add(d, RandomChunk(rng, 200));
        for (int d = 1; d <= 3400; d += 9) index.Remove(d);
        AssertBothPathsAgree(index, rng, 200);
        AssertBothPathsAgree(index, rng, 200, id => id % 3 != 0);
    }

    [Fact]
    public void Interleaved_adds_and_searches_match_an_index_built_at_once()
    {
        var rng = new Random(14);
        var chunks = Enumerable.Range(1, 3000).Select(_ => RandomChunk(rng, 150)).ToList();
        var growing = new LexicalIndex(new LexicalOptions());
        var queryRng = new Random(15);
        for (int d = 1; d <= chunks.Count; d++)
        {
            growing.Add(d, chunks[d - 1]);
            if (d % 37 == 0) growing.Search(RandomChunk(queryRng, 150).Take(3).ToList(), 5);
        }
        var atOnce = new LexicalIndex(new LexicalOptions());
        for (int d = 1; d <= chunks.Count; d++) atOnce.Add(d, chunks[d - 1]);
        AssertBothPathsAgree(growing, rng, 150);
        for (int q = 0; q < 100; q++)
        {
            var query = RandomChunk(rng, 150).Take(1 + rng.Next(6)).ToList();
            Assert.Equal(atOnce.Search(query, 20), growing.Search(query, 20));
        }
    }

    [Fact]
    public void Agrees_when_many_chunks_tie()
    {
        var rng = new Random(13);
        var index = new LexicalIndex(new LexicalOptions());
        for (int d = 1; d <= 2000; d++) index.Add(rng.NextInt64(1, long.MaxValue), ["a", "b", d % 2 == 0 ? "c" : "d"]);
        AssertBothPathsAgree(index, rng, 1);
        index.MaxScoreMinPostings = 0;
        var hits = index.Search(["a", "c"], 10);
        Assert.Equal(hits.OrderBy(h => h.ChunkId).Select(h => h.ChunkId), hits.Select(h => h.ChunkId));
    }
}
