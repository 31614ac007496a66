using System.Text.Json;
using Tailor.Testing;
using Tailor.Testing.OpenAi;

namespace Tailor.Cli.Tests.Commands;

/// <summary>The CLI with an embedding server configured by environment variables, end to end.</summary>
public sealed class ReembedCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("tailor-reembed-cli");

    private string Kb => _temp.File("kb");

    private static string Handbook => Path.Combine(RepoPaths.Samples, "quickstart", "handbook");

    private Dictionary<string, string?> Env(OpenAiTestServer server, string? model = "test-embed") => new()
    {
        ["XDG_CONFIG_HOME"] = _temp.File("config"), // no user config file
        ["OPENAI_BASE_URL"] = server.BaseUrl.AbsoluteUri,
        ["OPENAI_API_KEY"] = "test-key",
        ["TAILOR_EMBEDDING_MODEL"] = model,
    };

    private static JsonElement Json(CliProcess.Result r)
    {
        Assert.True(r.ExitCode == 0, r.StdErr);
        return JsonDocument.Parse(r.StdOut).RootElement.Clone();
    }

    [Fact]
    public async Task Ingest_and_vector_search_through_a_server_then_reembed_to_builtin()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        server.RequiredApiKey = "test-key";
        var env = Env(server);
        var ingest = Json(CliProcess.Run(["ingest", Handbook, "--kb", Kb, "--json"], env: env));
        int chunks = ingest.GetProperty("chunks").GetInt32();
        Assert.True(chunks > 0);
        Assert.Equal(chunks, server.RequestsTo("embeddings").Sum(r => r.Json!["input"]!.AsArray().Count));

        var search = Json(CliProcess.Run(["search", "how many vacation days do I get", "--mode", "vector", "--kb", Kb, "--json"], env: env));
        var hits = search.GetProperty("hits").EnumerateArray().ToList();
        Assert.NotEmpty(hits);
        Assert.Equal("how many vacation days do I get", server.RequestsTo("embeddings")[^1].Json!["input"]!.AsArray()[0]!.GetValue<string>());

        var check = Json(CliProcess.Run(["check", "--kb", Kb, "--json"], env: env));
        Assert.True(check.GetProperty("ok").GetBoolean());
        Assert.Equal(check.GetProperty("chunks").GetInt64(), check.GetProperty("embedded_chunks").GetInt64());

        // another model configured: refused with what to do
        var mixed = CliProcess.Run(["search", "vacation", "--kb", Kb], env: Env(server, "other-embed"));
        Assert.Equal(2, mixed.ExitCode);
        Assert.Contains("tailor reembed --model other-embed", mixed.StdErr);

        var reembed = Json(CliProcess.Run(["reembed", "--builtin", "--kb", Kb, "--json"], env: Env(server, null)));
        Assert.Equal("openai", reembed.GetProperty("previous").GetProperty("kind").GetString());
        Assert.Equal("builtin", reembed.GetProperty("embedder").GetProperty("kind").GetString());
        Assert.Equal(chunks, reembed.GetProperty("chunks").GetInt32());

        var offline = Json(CliProcess.Run(["search", "vacation days", "--mode", "vector", "--kb", Kb, "--json"], env: Env(server, null)));
        Assert.NotEmpty(offline.GetProperty("hits").EnumerateArray());

        // back to the server model: every vector comes from the cache
        int before = server.RequestsTo("embeddings").Count;
        var back = Json(CliProcess.Run(["reembed", "--model", "test-embed", "--kb", Kb, "--json"], env: Env(server, null)));
        Assert.Equal(chunks, back.GetProperty("cache_hits").GetInt32());
        Assert.Equal(0, back.GetProperty("sent").GetInt32());
        Assert.Equal(before, server.RequestsTo("embeddings").Count);
    }

    public void Dispose() => _temp.Dispose();
}
