using Tailor.Retrieval;
using Tailor.Testing;

namespace Tailor.Tests.Retrieval;

public class ChatModelRerankerTests
{
    [Theory]
    [InlineData("1: 3\n2: 9\n3: 0", new[] { 3.0, 9, 0 })]
    [InlineData("[1] = 7\n[2] = 2.5\n[3] = 10", new[] { 7.0, 2.5, 10 })]
    [InlineData("Passage 1 - 4/10\nPassage 2: 8/10\nPassage 3: 1/10", new[] { 4.0, 8, 1 })]
    [InlineData("Here are my ratings:\n**1**: 6\n- 2: 12\n3. 5", new[] { 6.0, 10, 5 })]
    [InlineData("{\"1\": 2, \"2\": 8, \"3\": 5}", new[] { 2.0, 8, 5 })]
    [InlineData("```json\n[1, 9, 4]\n```", new[] { 1.0, 9, 4 })]
    [InlineData("1: 5\n3: 7", new[] { 5.0, -1, 7 })]
    [InlineData("1: 5\n1: 9\n7: 3\n2: 4\n3: 3", new[] { 5.0, 4, 3 })]
    public void Parse_reads_ratings_in_common_shapes(string reply, double[] expected) =>
        Assert.Equal(expected, ChatModelReranker.Parse(reply, 3));

    [Fact]
    public void Parse_gives_null_when_nothing_is_rated() =>
        Assert.Null(ChatModelReranker.Parse("I cannot help with that.", 3));

    [Fact]
    public async Task Scores_come_from_one_request_that_lists_every_passage()
    {
        var model = new ScriptedChatModel(_ => "1: 2\n2: 9\n3: 5");
        var reranker = new ChatModelReranker(model);
        var scores = await reranker.ScoreAsync("lava", ["bread recipe", "lava flows", "volcano ash"]);
        Assert.Equal([2.0, 9, 5], scores);
        var request = Assert.Single(model.Requests);
        Assert.Contains("Query: lava", request[1].Content);
        Assert.Contains("<passage n=\"3\">\nvolcano ash\n</passage>", request[1].Content);
        Assert.Equal("chat:scripted-model", reranker.Name);
    }

    [Fact]
    public async Task An_unusable_reply_is_a_clear_error()
    {
        var reranker = new ChatModelReranker(new ScriptedChatModel(_ => "Sorry, no."));
        var error = await Assert.ThrowsAsync<TailorException>(() => reranker.ScoreAsync("q", ["a", "b"]));
        Assert.Contains("did not rate the passages", error.Message);
        Assert.Contains("Sorry, no.", error.Message);
    }

    [Fact]
    public async Task Reranking_reorders_hits_and_keeps_the_fused_score()
    {
        var hits = new[] { "bread", "lava", "ash" }.Select((t, i) =>
            new Hit($"d{i}", i, $"d{i}.md", "", 1.0 / (i + 1), t, $"d{i}.md#L1", $"D{i}") { Explanation = new HitExplanation(SearchMode.Hybrid, i + 1, i + 1, 1.0 / (i + 1)) }).ToList();
        var reranked = await Reranking.ApplyAsync(new ChatModelReranker(new ScriptedChatModel(_ => "1: 1\n2: 9\n3: 4")), "lava", hits, k: 2);
        Assert.Equal(["d1", "d2"], reranked.Select(h => h.DocumentId));
        Assert.Equal(9, reranked[0].Score);
        Assert.Equal(9, reranked[0].Explanation!.RerankScore);
        Assert.Equal(2, reranked[0].Explanation!.FusedRank);
        Assert.Equal(0.5, reranked[0].Explanation!.FusedScore);
    }
}
