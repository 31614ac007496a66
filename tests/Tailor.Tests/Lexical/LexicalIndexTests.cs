using Tailor.Lexical;

namespace Tailor.Tests.Lexical;

public class LexicalIndexTests
{
    private static readonly LexicalOptions Options = new() { K1 = 1.2, B = 0.75 };

    /// <summary>Three chunks: lengths 3, 2 and 4 terms, so the average length is 3.</summary>
    private static LexicalIndex ThreeChunks()
    {
        var index = new LexicalIndex(Options);
        index.Add(10, ["apple", "banana", "apple"]);
        index.Add(20, ["banana", "cherry"]);
        index.Add(30, ["cherry", "cherry", "cherry", "date"]);
        return index;
    }

    /// <summary>The BM25 term weight, written out independently of the index.</summary>
    private static double Bm25(int tf, int length, int df, int n = 3, double averageLength = 3, double k1 = 1.2, double b = 0.75)
    {
        double idf = Math.Log(1 + (n - df + 0.5) / (df + 0.5));
        return idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / averageLength));
    }

    [Fact]
    public void Scores_one_term_by_the_formula()
    {
        var hits = ThreeChunks().Search(["apple"], 10);
        var hit = Assert.Single(hits);
        Assert.Equal(10, hit.ChunkId);
        // idf = ln(1 + 2.5/1.5) = 0.980829; tf part = 2·2.2/(2 + 1.2) = 1.375
        Assert.Equal(1.3486, hit.Score, 4);
        Assert.Equal(Bm25(tf: 2, length: 3, df: 1), hit.Score, 5);
    }

    [Fact]
    public void Scores_several_terms_by_summing_the_formula()
    {
        var hits = ThreeChunks().Search(["banana", "cherry"], 10);
        Assert.Equal([20L, 30L, 10L], hits.Select(h => h.ChunkId));
        Assert.Equal(Bm25(1, 2, 2) + Bm25(1, 2, 2), hits[0].Score, 5);
        Assert.Equal(Bm25(3, 4, 2), hits[1].Score, 5);
        Assert.Equal(Bm25(1, 3, 2), hits[2].Score, 5);
    }

    [Fact]
    public void Repeated_query_terms_count_by_their_frequency()
    {
        var index = ThreeChunks();
        var once = index.Search(["date", "banana"], 10);
        var twice = index.Search(["date", "banana", "date"], 10);
        Assert.Equal(Bm25(1, 4, 1), once.Single(h => h.ChunkId == 30).Score, 5);
        Assert.Equal(2 * Bm25(1, 4, 1), twice.Single(h => h.ChunkId == 30).Score, 5);
    }

    [Fact]
    public void K1_and_B_are_used()
    {
        var index = new LexicalIndex(Options with { K1 = 2.0, B = 0.3 });
        index.Add(1, ["a", "a", "b"]);
        index.Add(2, ["b", "c"]);
        var hit = index.Search(["a"], 1).Single();
        Assert.Equal(Bm25(tf: 2, length: 3, df: 1, n: 2, averageLength: 2.5, k1: 2.0, b: 0.3), hit.Score, 5);
    }

    [Fact]
    public void Returns_the_top_k_best_first_with_ties_broken_by_lower_chunk_id()
    {
        var index = new LexicalIndex(Options);
        foreach (long id in new long[] { 907, 5, 300, 42, 1000000000000 }) index.Add(id, ["same", "words"]);
        index.Add(77, ["same", "same", "same", "words"]);
        index.Add(78, ["other"]);
        var hits = index.Search(["same"], 4);
        Assert.Equal([77L, 5L, 42L, 300L], hits.Select(h => h.ChunkId));
        Assert.True(hits[0].Score > hits[1].Score);
        Assert.Equal(hits[1].Score, hits[3].Score);
    }

    [Fact]
    public void Top_k_matches_a_full_sort_on_a_larger_index()
    {
        var rng = new Random(7);
        var index = new LexicalIndex(Options);
        var words = Enumerable.Range(0, 50).Select(i => "w" + i).ToArray();
        for (int d = 1; d <= 3000; d++)
        {
            index.Add(d * 3L, Enumerable.Range(0, 5 + rng.Next(30)).Select(_ => words[(int)Math.Sqrt(rng.Next(2500))]).ToList());
        }
        var all = index.Search(["w1", "w30", "w49"], 100000);
        var top = index.Search(["w1", "w30", "w49"], 25);
        Assert.Equal(all.Take(25), top);
        for (int i = 1; i < all.Count; i++)
        {
            Assert.True(all[i - 1].Score > all[i].Score || (all[i - 1].Score == all[i].Score && all[i - 1].ChunkId < all[i].ChunkId));
        }
    }

    [Fact]
    public void Unknown_terms_and_empty_queries_return_nothing()
    {
        var index = ThreeChunks();
        Assert.Empty(index.Search(["zebra"], 10));
        Assert.Empty(index.Search([], 10));
        Assert.Empty(index.Search(["apple"], 0));
        Assert.Empty(new LexicalIndex(Options).Search(["apple"], 10));
    }

    [Fact]
    public void Removed_chunks_are_never_returned_and_statistics_follow()
    {
        var index = ThreeChunks();
        Assert.True(index.Remove(20));
        Assert.False(index.Remove(20));
        Assert.False(index.Contains(20));
        Assert.Equal(2, index.Count);
        var hits = index.Search(["banana", "cherry"], 10);
        Assert.Equal([30L, 10L], hits.Select(h => h.ChunkId));
        // Two chunks of lengths 3 and 4 remain: N = 2, average length 3.5, df(banana) = df(cherry) = 1.
        Assert.Equal(Bm25(3, 4, 1, n: 2, averageLength: 3.5), hits[0].Score, 5);
        Assert.Equal(Bm25(1, 3, 1, n: 2, averageLength: 3.5), hits[1].Score, 5);
    }

    [Fact]
    public void Adding_an_existing_chunk_replaces_it()
    {
        var index = ThreeChunks();
        index.Add(10, ["kiwi"]);
        Assert.Equal(3, index.Count);
        Assert.Empty(index.Search(["apple"], 10));
        Assert.Equal(10, index.Search(["kiwi"], 10).Single().ChunkId);
    }

    [Fact]
    public void Adds_after_a_search_are_found()
    {
        var index = ThreeChunks();
        Assert.Single(index.Search(["date"], 10));
        index.Add(40, ["date", "elder"]);
        Assert.Equal([40L, 30L], index.Search(["date"], 10).Select(h => h.ChunkId));
        for (int i = 0; i < 50; i++) index.Add(100 + i, ["fig", "date"]);
        Assert.Equal(52, index.Search(["date"], 100).Count);
    }

    [Fact]
    public void Many_removals_compact_and_keep_results_right()
    {
        var index = new LexicalIndex(Options);
        for (int d = 1; d <= 5000; d++) index.Add(d, [d % 2 == 0 ? "even" : "odd", "n" + (d % 10), "all"]);
        Assert.Equal(2500, index.Search(["even"], 10000).Count);
        for (int d = 1; d <= 5000; d += 2) Assert.True(index.Remove(d));
        Assert.Equal(2500, index.Count);
        Assert.Empty(index.Search(["odd"], 10));
        var even = index.Search(["even", "n4"], 10000);
        Assert.Equal(2500, even.Count);
        Assert.All(even, h => Assert.True(h.ChunkId % 2 == 0));
        Assert.Equal(500, even.Count(h => h.ChunkId % 10 == 4));

        var rebuilt = new LexicalIndex(Options);
        for (int d = 2; d <= 5000; d += 2) rebuilt.Add(d, ["even", "n" + (d % 10), "all"]);
        Assert.Equal(rebuilt.Fingerprint(), index.Fingerprint());
        Assert.Equal(rebuilt.Search(["even", "n4"], 50), index.Search(["even", "n4"], 50));
    }

    [Fact]
    public void Large_index_built_in_parallel_parts_finds_every_match_in_order()
    {
        var index = new LexicalIndex(Options);
        for (int d = 1; d <= 250_000; d++) index.Add(d, ["all", "m" + (d % 1000)]);
        var hits = index.Search(["m7"], 1000);
        Assert.Equal(250, hits.Count);
        Assert.Equal(Enumerable.Range(0, 250).Select(i => (long)(i * 1000 + 7)), hits.Select(h => h.ChunkId));
        Assert.Equal(250_000, index.Search(["all"], 300_000).Count);
    }

    [Fact]
    public void Filter_keeps_only_allowed_chunks()
    {
        var hits = ThreeChunks().Search(["banana", "cherry"], 10, id => id != 20);
        Assert.Equal([30L, 10L], hits.Select(h => h.ChunkId));
    }

    [Fact]
    public void Fingerprint_is_order_independent_and_sensitive_to_content()
    {
        var a = ThreeChunks();
        var b = new LexicalIndex(Options);
        b.Add(30, ["date", "cherry", "cherry", "cherry"]);
        b.Add(10, ["apple", "apple", "banana"]);
        b.Add(20, ["cherry", "banana"]);
        Assert.Equal(a.Fingerprint(), b.Fingerprint());

        var c = new LexicalIndex(Options);
        c.Add(30, ["date", "cherry", "cherry"]);
        c.Add(10, ["apple", "apple", "banana"]);
        c.Add(20, ["cherry", "banana"]);
        Assert.NotEqual(a.Fingerprint(), c.Fingerprint());

        var d = new LexicalIndex(Options);
        d.Add(31, ["date", "cherry", "cherry", "cherry"]);
        d.Add(10, ["apple", "apple", "banana"]);
        d.Add(20, ["cherry", "banana"]);
        Assert.NotEqual(a.Fingerprint(), d.Fingerprint());
        Assert.NotEqual(new LexicalIndex(Options).Fingerprint(), a.Fingerprint());
    }

    [Fact]
    public void Concurrent_searches_agree_with_sequential_ones()
    {
        var index = new LexicalIndex(Options);
        for (int d = 1; d <= 2000; d++) index.Add(d, ["t" + (d % 13), "u" + (d % 7), "v" + (d % 3)]);
        var queries = Enumerable.Range(0, 40).Select(i => new[] { "t" + (i % 13), "u" + (i % 7) }).ToArray();
        var expected = queries.Select(q => index.Search(q, 20)).ToArray();
        var actual = new IReadOnlyList<LexicalHit>[queries.Length];
        Parallel.For(0, queries.Length * 10, i => actual[i % queries.Length] = index.Search(queries[i % queries.Length], 20));
        for (int i = 0; i < queries.Length; i++) Assert.Equal(expected[i], actual[i]);
    }

    [Fact]
    public void Feedback_expands_the_query_with_terms_of_the_top_chunks()
    {
        var index = new LexicalIndex(Options);
        for (int d = 1; d <= 5; d++) index.Add(d, ["solar", "panel", "photovoltaic", "energy" + d]);
        index.Add(6, ["photovoltaic", "cells", "efficiency"]);
        for (int d = 7; d <= 60; d++) index.Add(d, ["unrelated" + d, "filler"]);
        Assert.DoesNotContain(index.Search(["solar"], 10), h => h.ChunkId == 6);
        var expanded = index.SearchWithFeedback(["solar"], 10, new FeedbackOptions { Documents = 5, Terms = 5, OriginalQueryWeight = 0.5 });
        Assert.Contains(expanded, h => h.ChunkId == 6);
        Assert.True(expanded[0].ChunkId <= 5);
    }

    [Fact]
    public void Invalid_options_are_rejected_with_the_option_named()
    {
        var e = Assert.Throws<TailorException>(() => new LexicalIndex(new LexicalOptions { B = 1.5 }));
        Assert.Contains("B", e.Message);
        Assert.Throws<TailorException>(() => new LexicalOptions { K1 = -1 }.Validate());
        Assert.Throws<TailorException>(() => new FeedbackOptions { Terms = 0 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new LexicalIndex(Options).Add(0, ["x"]));
    }
}
