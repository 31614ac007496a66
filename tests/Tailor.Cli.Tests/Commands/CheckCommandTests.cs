using System.Text.Json;
using Tailor.Testing;
using Tailor.Testing.OpenAi;

namespace Tailor.Cli.Tests.Commands;

/// <summary>
/// Chunks left without embeddings (an ingest interrupted while embedding): `tailor check` reports them
/// (exit 3) and `--repair` embeds them; search says it is degraded meanwhile.
/// </summary>
public sealed class CheckCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("tailor-check-cli");

    private string Kb => _temp.File("kb");

    private void WriteCorpus(int documents = 20)
    {
        for (int i = 0; i < documents; i++)
            _temp.Write($"docs/d{i:D2}.md", $"# Note {i}\n\nThe heron {i} nests by the river; the otter swims past mill {i} where {(i % 2 == 0 ? "copper" : "willow")} boats moor.\n");
    }

    private JsonElement Json(int expectedExit, string[] args, Dictionary<string, string?>? env = null)
    {
        var r = CliProcess.Run(args, env: env);
        Assert.True(r.ExitCode == expectedExit, $"tailor {string.Join(' ', args)} exited {r.ExitCode}, expected {expectedExit}: {r.StdOut}{r.StdErr}");
        return JsonDocument.Parse(r.StdOut).RootElement.Clone();
    }

    private void DeleteAllEmbeddings()
    {
        using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(Kb, "tailor.db")};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        // what a kill during the first ingest's embedding leaves: the built-in embedder was trained and every vector written in one transaction that never committed
        cmd.CommandText = "DELETE FROM embeddings; DELETE FROM models;";
        cmd.ExecuteNonQuery();
    }

    [Fact]
    public void Missing_built_in_embeddings_are_a_problem_that_repair_fixes_and_search_says_it_is_degraded()
    {
        WriteCorpus();
        Assert.Equal(0, CliProcess.Run(["ingest", _temp.File("docs"), "--kb", Kb]).ExitCode);
        var healthy = Json(0, ["check", "--kb", Kb, "--json"]);
        long chunks = healthy.GetProperty("chunks").GetInt64();
        Assert.True(chunks >= 8);
        Assert.Equal(JsonValueKind.Null, Json(0, ["search", "heron river", "--kb", Kb, "--json"]).GetProperty("degraded").ValueKind);
        DeleteAllEmbeddings();

        var damaged = Json(3, ["check", "--kb", Kb, "--json"]);
        Assert.False(damaged.GetProperty("ok").GetBoolean());
        Assert.Equal(chunks, damaged.GetProperty("missing_embeddings").GetInt64());
        Assert.Contains(damaged.GetProperty("problems").EnumerateArray(), p => p.GetString()!.Contains("have no embedding") && p.GetString()!.Contains("tailor check --repair"));
        var text = CliProcess.Run(["check", "--kb", Kb]);
        Assert.Equal(3, text.ExitCode);
        Assert.Contains("PROBLEM:", text.StdOut);

        var hybrid = Json(0, ["search", "heron river", "--kb", Kb, "--json"]);
        var degraded = hybrid.GetProperty("degraded");
        Assert.Equal("hybrid", degraded.GetProperty("requested").GetString());
        Assert.Equal("lexical", degraded.GetProperty("used").GetString());
        Assert.Contains("tailor check --repair", degraded.GetProperty("reason").GetString());
        Assert.NotEmpty(hybrid.GetProperty("hits").EnumerateArray());
        var note = CliProcess.Run(["search", "heron river", "--kb", Kb]);
        Assert.Equal(0, note.ExitCode);
        Assert.Contains("note: hybrid search ran lexical only", note.StdErr);

        var vector = CliProcess.Run(["search", "heron river", "--kb", Kb, "--mode", "vector"]);
        Assert.Equal(2, vector.ExitCode);
        Assert.Contains("re-run `tailor ingest`", vector.StdErr);
        Assert.DoesNotContain("fewer than", vector.StdErr); // the corpus is large enough; the embeddings are missing

        var repaired = Json(0, ["check", "--kb", Kb, "--json", "--repair"]);
        Assert.NotEmpty(repaired.GetProperty("repaired").EnumerateArray());
        var after = Json(0, ["check", "--kb", Kb, "--json"]);
        Assert.Equal(chunks, after.GetProperty("embedded_chunks").GetInt64());
        Assert.Equal(0, after.GetProperty("missing_embeddings").GetInt64());
        Assert.Equal(JsonValueKind.Null, Json(0, ["search", "heron river", "--kb", Kb, "--json"]).GetProperty("degraded").ValueKind);
        Assert.NotEmpty(Json(0, ["search", "heron river", "--kb", Kb, "--json", "--mode", "vector"]).GetProperty("hits").EnumerateArray());
    }

    [Fact]
    public void A_tiny_knowledge_base_without_embeddings_is_healthy_but_hybrid_says_it_ran_lexical()
    {
        WriteCorpus(documents: 2);
        Assert.Equal(0, CliProcess.Run(["ingest", _temp.File("docs"), "--kb", Kb]).ExitCode);
        var check = Json(0, ["check", "--kb", Kb, "--json"]);
        Assert.Equal(0, check.GetProperty("missing_embeddings").GetInt64());
        var degraded = Json(0, ["search", "heron", "--kb", Kb, "--json"]).GetProperty("degraded");
        Assert.Equal("lexical", degraded.GetProperty("used").GetString());
        Assert.Contains("fewer than", degraded.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task SIGINT_while_a_server_embeds_exits_130_then_check_reports_the_missing_embeddings_and_repair_embeds_them()
    {
        WriteCorpus();
        await using var server = await OpenAiTestServer.StartAsync();
        var env = new Dictionary<string, string?>
        {
            ["XDG_CONFIG_HOME"] = _temp.File("config"), // no user config file
            ["OPENAI_BASE_URL"] = server.BaseUrl.AbsoluteUri,
            ["OPENAI_API_KEY"] = "test-key",
            ["TAILOR_EMBEDDING_MODEL"] = "test-embed",
        };
        // the first embedding request hangs, so the interrupt lands while the ingest is embedding
        server.Fail("embeddings", ServerFault.Delay(TimeSpan.FromMinutes(5)));
        var reported = new List<string>();
        using (var p = CliProcess.Start(["ingest", _temp.File("docs"), "--kb", Kb], env: env))
        {
            p.StandardInput.Close();
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (server.RequestsTo("embeddings").Count == 0)
            {
                if (p.HasExited) Assert.Fail("ingest ended before it embedded: " + await stderr);
                if (waited.Elapsed > TimeSpan.FromMinutes(2)) Assert.Fail("no embedding request arrived"); // a guard against hanging, not a timing assertion
                await Task.Delay(50);
            }
            Signals.Interrupt(p);
            Assert.True(p.WaitForExit(TimeSpan.FromMinutes(1)), "ingest did not stop after SIGINT");
            Assert.Equal(130, p.ExitCode);
            Assert.Contains("cancelled", await stderr);
            reported.AddRange((await stdout).Split('\n').Where(l => l.StartsWith("ok ", StringComparison.Ordinal)).Select(l => l[3..].TrimEnd('\r')));
        }
        Assert.Equal(20, reported.Count); // every document was written before the embedding phase

        var ids = Json(0, ["docs", "list", "--kb", Kb, "--json"], env).GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("document_id").GetString()!).ToHashSet();
        Assert.Subset(ids, reported.ToHashSet());
        var damaged = Json(3, ["check", "--kb", Kb, "--json"], env);
        long chunks = damaged.GetProperty("chunks").GetInt64();
        Assert.Equal(chunks, damaged.GetProperty("missing_embeddings").GetInt64());
        Assert.Equal(0, damaged.GetProperty("embedded_chunks").GetInt64());
        var degraded = Json(0, ["search", "heron", "--kb", Kb, "--json"], env).GetProperty("degraded");
        Assert.Equal("lexical", degraded.GetProperty("used").GetString());
        Assert.Contains("tailor ingest", degraded.GetProperty("reason").GetString());

        var repaired = Json(0, ["check", "--kb", Kb, "--json", "--repair"], env);
        Assert.Equal(chunks, repaired.GetProperty("embedded_chunks").GetInt64());
        var after = Json(0, ["check", "--kb", Kb, "--json"], env);
        Assert.True(after.GetProperty("ok").GetBoolean());
        Assert.Equal(0, after.GetProperty("missing_embeddings").GetInt64());
        Assert.NotEmpty(Json(0, ["search", "heron", "--kb", Kb, "--json", "--mode", "vector"], env).GetProperty("hits").EnumerateArray());
    }

    public void Dispose() => _temp.Dispose();
}
