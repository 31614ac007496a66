using System.Text.Json;
using Tailor.FineTuning.Datasets;
using Tailor.FineTuning.Generation;
using Tailor.FineTuning.Tests.Datasets;
using Tailor.OpenAI.Chat;
using Tailor.OpenAI.Configuration;
using Tailor.Testing;
using Tailor.Testing.OpenAi;

namespace Tailor.FineTuning.Tests.Generation;

/// <summary>Question–answer generation from a real knowledge base, the model being the local OpenAI test server.</summary>
public sealed class QaGeneratorTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private const string Leave = "Contractors receive fifteen days of paid leave each year. Leave must be requested two weeks in advance through the portal, and unused days expire at the end of March.";
    private const string Travel = "Travel expenses are reimbursed within thirty days. Receipts must be uploaded to the finance system, and flights over six hours may be booked in business class.";

    private async Task<KnowledgeBase> KbAsync()
    {
        var docs = Directory.CreateDirectory(_temp.File("docs")).FullName;
        File.WriteAllText(Path.Combine(docs, "leave.md"), "# Leave\n\n" + Leave + "\n");
        File.WriteAllText(Path.Combine(docs, "travel.md"), "# Travel\n\n" + Travel + "\n");
        var kb = KnowledgeBase.Open(_temp.File("kb"));
        await kb.IngestAsync([docs]);
        return kb;
    }

    /// <summary>A model that asks about the passage's first sentence, answers with it, and adds one made-up pair.</summary>
    private static string Reply(ChatRequest request)
    {
        var passage = request.LastUser[(request.LastUser.IndexOf("Passage:\n", StringComparison.Ordinal) + 9)..];
        var body = passage.Trim().Split("\n\n")[^1]; // after the heading
        var first = body.Split(". ")[0].Trim().TrimEnd('.') + ".";
        return "```json\n"
            + JsonSerializer.Serialize(new { question = "What does the policy say about " + first.Split(' ')[0].ToLowerInvariant() + "?", answer = first }) + "\n"
            + JsonSerializer.Serialize(new { question = "Who founded the company?", answer = "Marie Dupont founded it in Lyon in 1887." }) + "\n"
            + "Here you go!\n```";
    }

    [Fact]
    public async Task Pairs_are_grounded_in_their_chunk_and_tagged_with_the_source()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        server.ChatReply = Reply;
        using var kb = await KbAsync();
        var options = new QaGenerationOptions { PerChunk = 2, MinChunkTokens = 5 };
        var chunks = ChunkSampler.Sample(kb, options);
        Assert.Equal(2, chunks.Count);
        var model = new OpenAiChatModel(new OpenAiSettings { BaseUrl = server.BaseUrl, ApiKey = "k", ChatModel = "gen-model" });
        var result = await new QaGenerator(model).GenerateAsync(chunks, options);

        Assert.Equal(2, result.Pairs.Count);
        Assert.Equal(2, result.Ungrounded); // the made-up founder answers
        Assert.Equal(2, result.Unparsed);   // "Here you go!" in each reply
        var leave = Assert.Single(result.Pairs, p => p.Source.DocumentId.EndsWith("leave.md", StringComparison.Ordinal));
        Assert.Equal("Contractors receive fifteen days of paid leave each year.", leave.Answer);
        Assert.Contains("leave.md#L", leave.Source.Link);
        Assert.Equal(1.0, leave.Grounding);
        Assert.Contains("2 question-answer pairs", server.RequestsTo("chat/completions")[0].Json!["messages"]![0]!["content"]!.GetValue<string>());

        var example = QaGenerator.ToExample(leave, "You answer HR questions.");
        var parsed = Jsonl.Parse(example.ToJsonString());
        Assert.Empty(parsed.Errors);
        Assert.Equal(["system", "user", "assistant"], parsed.Examples[0].Messages.Select(m => m.Role));
        Assert.Equal(leave.Source.DocumentId, example["metadata"]!["document_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Sampling_is_seeded_and_bounded()
    {
        using var kb = await KbAsync();
        var a = ChunkSampler.Sample(kb, new QaGenerationOptions { MaxChunks = 1, Seed = 1, MinChunkTokens = 5 });
        var b = ChunkSampler.Sample(kb, new QaGenerationOptions { MaxChunks = 1, Seed = 1, MinChunkTokens = 5 });
        Assert.Equal(a.Select(c => c.ChunkId), b.Select(c => c.ChunkId));
        Assert.Single(a);
        Assert.Empty(ChunkSampler.Sample(kb, new QaGenerationOptions { MinChunkTokens = 10_000 }));
    }

    [Theory]
    [InlineData("Contractors receive fifteen days.", 1.0)]
    [InlineData("Marie Dupont founded it.", 0.0)]
    [InlineData("Contractors founded it.", 0.5)]
    public void Grounding_is_the_share_of_answer_words_in_the_chunk(string answer, double expected) =>
        Assert.Equal(expected, QaGenerator.Grounding(answer, Leave), 3);

    [Fact]
    public void Replies_as_a_json_array_are_read_too()
    {
        int unparsed = 0;
        var pairs = QaGenerator.Parse("""[{"question": "q1", "answer": "a1"}, {"question": "", "answer": "a2"}]""", ref unparsed);
        Assert.Equal([("q1", "a1")], pairs);
        Assert.Equal(1, unparsed);
    }
}
