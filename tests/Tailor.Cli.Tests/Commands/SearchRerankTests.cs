using System.Text.Json;
using Tailor.Testing;
using Tailor.Testing.OpenAi;

namespace Tailor.Cli.Tests.Commands;

/// <summary><c>tailor search --rerank</c> with TAILOR_RERANK_URL pointing at the local test server.</summary>
public sealed class SearchRerankTests : IDisposable
{
    private readonly TempDirectory _temp = new("tailor-search-rerank");

    [Fact]
    public async Task Rerank_reorders_hits_and_explain_shows_the_rerank_score()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        server.Rerank = (_, docs) => docs.Select(d => d.Contains("basalt") ? 0.9 : 0.1).ToArray();
        for (int i = 0; i < 5; i++) _temp.Write($"docs/d{i}.md", $"# Note {i}\n\nlava flows {i}. {(i == 3 ? "basalt" : "granite")} rocks.\n");
        var kb = _temp.File("kb");
        Assert.Equal(0, CliProcess.Run(["ingest", _temp.File("docs"), "--kb", kb]).ExitCode);
        var env = new Dictionary<string, string?> { ["TAILOR_RERANK_URL"] = server.Root.AbsoluteUri, ["TAILOR_CONFIG"] = null, ["XDG_CONFIG_HOME"] = _temp.Path };

        var r = CliProcess.Run(["search", "lava flows", "--kb", kb, "--json", "--explain", "--rerank", "-k", "2"], env: env);
        Assert.True(r.ExitCode == 0, r.StdErr);
        var hits = JsonDocument.Parse(r.StdOut).RootElement.GetProperty("hits");
        Assert.Equal(2, hits.GetArrayLength());
        Assert.Equal("d3.md", hits[0].GetProperty("document_id").GetString());
        Assert.Equal(0.9, hits[0].GetProperty("explain").GetProperty("rerank_score").GetDouble());
        Assert.StartsWith("rerank:127.0.0.1", hits[0].GetProperty("explain").GetProperty("reranker").GetString());
        Assert.Equal(5, server.RequestsTo("rerank").Single().Json!["texts"]!.AsArray().Count);

        var text = CliProcess.Run(["search", "lava flows", "--kb", kb, "--explain", "--rerank", "-k", "1"], env: env);
        Assert.Contains("rerank score 0.9000", text.StdOut);
    }

    [Fact]
    public void Rerank_without_a_reranker_or_a_chat_model_says_what_to_configure()
    {
        _temp.Write("docs/a.md", "# A\n\nlava.\n");
        var kb = _temp.File("kb");
        Assert.Equal(0, CliProcess.Run(["ingest", _temp.File("docs"), "--kb", kb]).ExitCode);
        var env = new Dictionary<string, string?> { ["TAILOR_RERANK_URL"] = null, ["OPENAI_BASE_URL"] = null, ["OPENAI_API_KEY"] = null, ["TAILOR_CHAT_MODEL"] = null, ["TAILOR_CONFIG"] = null, ["XDG_CONFIG_HOME"] = _temp.Path };
        var r = CliProcess.Run(["search", "lava", "--kb", kb, "--rerank"], env: env);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("TAILOR_RERANK_URL", r.StdErr);
    }

    [Fact]
    public async Task Without_a_rerank_url_the_chat_model_rates_the_passages()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        for (int i = 0; i < 4; i++) _temp.Write($"docs/d{i}.md", $"# Note {i}\n\nlava flows {i}. {(i == 2 ? "basalt" : "granite")} rocks.\n");
        var kb = _temp.File("kb");
        Assert.Equal(0, CliProcess.Run(["ingest", _temp.File("docs"), "--kb", kb]).ExitCode);
        // The model rates each numbered passage: 9 for the basalt one, 1 for the rest.
        server.ChatReply = r =>
        {
            var passages = r.LastUser.Split("<passage n=\"").Skip(1).ToList();
            return string.Join("\n", passages.Select(p => $"{p[..p.IndexOf('"')]}: {(p.Contains("basalt") ? 9 : 1)}"));
        };
        var env = new Dictionary<string, string?>
        {
            ["TAILOR_RERANK_URL"] = null, ["TAILOR_CONFIG"] = null, ["XDG_CONFIG_HOME"] = _temp.Path,
            ["OPENAI_BASE_URL"] = server.BaseUrl.ToString(), ["TAILOR_CHAT_MODEL"] = "test-model", ["OPENAI_API_KEY"] = null,
        };
        var r = CliProcess.Run(["search", "lava flows", "--kb", kb, "--json", "--explain", "--rerank", "-k", "2"], env: env);
        Assert.True(r.ExitCode == 0, r.StdErr);
        var top = JsonDocument.Parse(r.StdOut).RootElement.GetProperty("hits")[0];
        Assert.Equal("d2.md", top.GetProperty("document_id").GetString());
        Assert.Equal(9, top.GetProperty("explain").GetProperty("rerank_score").GetDouble());
        Assert.Equal("chat:test-model", top.GetProperty("explain").GetProperty("reranker").GetString());
        var request = Assert.Single(server.RequestsTo("chat/completions"));
        Assert.Contains("rate how well it answers", request.Json!["messages"]![0]!["content"]!.GetValue<string>());
    }

    public void Dispose() => _temp.Dispose();
}
