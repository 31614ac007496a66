using System.Text.Json;
using Tailor.Testing;
using Tailor.Testing.OpenAi;

namespace Tailor.Cli.Tests.Commands;

/// <summary>End-to-end runs of <c>tailor finetune ...</c>; the job commands talk to the local OpenAI test server.</summary>
public sealed class FinetuneCommandTests
{
    private static Dictionary<string, string?> Env(TempDirectory dir, OpenAiTestServer? server = null)
    {
        var env = new Dictionary<string, string?>
        {
            ["TAILOR_TOKENIZER_DIR"] = RepoPaths.Tokenizers, ["TAILOR_TOKENIZER_OFFLINE"] = "1",
            ["XDG_CONFIG_HOME"] = dir.Path, ["TAILOR_CONFIG"] = null, ["OPENAI_API_KEY"] = null, ["OPENAI_BASE_URL"] = null,
            ["AZURE_OPENAI_ENDPOINT"] = null, ["TAILOR_PRICES"] = null,
        };
        if (server != null)
        {
            env["OPENAI_API_KEY"] = "test-key";
            env["OPENAI_BASE_URL"] = server.BaseUrl.AbsoluteUri;
        }
        return env;
    }

    private static string Chat(string user, string assistant) =>
        JsonSerializer.Serialize(new { messages = new object[] { new { role = "user", content = user }, new { role = "assistant", content = assistant } } });

    private static string Dataset(TempDirectory dir, string name, int n, Func<int, string>? line = null)
    {
        var path = dir.File(name);
        File.WriteAllLines(path, Enumerable.Range(0, n).Select(i => line?.Invoke(i) ?? Chat($"Where is order {i}?", i % 4 == 0 ? "refund" : "shipping")));
        return path;
    }

    [Fact]
    public void Validate_counts_exactly_offline_without_a_vocabulary_folder()
    {
        using var dir = new TempDirectory();
        var path = Dataset(dir, "d.jsonl", 12, i => i == 4 ? """{"messages": [{"role": "usr", "content": "x"}]}""" : Chat($"Where is order {i}?", "shipping"));
        var env = Env(dir);
        env["TAILOR_TOKENIZER_DIR"] = null;
        env["XDG_CACHE_HOME"] = dir.File("empty-cache"); // no cached vocabulary, and no downloads (offline)
        var r = CliProcess.Run(["finetune", "validate", path, "--json"], env: env);
        Assert.True(r.ExitCode == 1, r.StdErr + r.StdOut);
        Assert.DoesNotContain("estimated", r.StdErr); // the bundled vocabulary counts exactly
        var errors = JsonDocument.Parse(r.StdOut).RootElement.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("code").GetString())).ToList();
        Assert.Contains((5, "unknown_role"), errors);
        // the same report as with the vocabulary folder
        var withFolder = CliProcess.Run(["finetune", "validate", path, "--json"], env: Env(dir));
        Assert.Equal(withFolder.StdOut, r.StdOut);

        var misspelt = CliProcess.Run(["finetune", "validate", path, "--encoding", "o300k_base"], env: env);
        Assert.Equal(2, misspelt.ExitCode); // an error of the command line, not of the data
        Assert.Contains("o300k_base", misspelt.StdErr);
    }

    [Fact]
    public void Validate_reports_line_numbered_errors_as_json_and_exits_1()
    {
        using var dir = new TempDirectory();
        var path = Dataset(dir, "d.jsonl", 12, i => i switch
        {
            2 => "{broken",
            5 => """{"messages": [{"role": "wizard", "content": "x"}, {"role": "assistant", "content": "y"}]}""",
            7 => Chat("Where is order 0?", "shipping"),
            _ => Chat($"Where is order {i}?", "shipping"),
        });
        var r = CliProcess.Run(["finetune", "validate", path, "--json"], env: Env(dir));
        Assert.True(r.ExitCode == 1, r.StdErr + r.StdOut);
        var json = JsonDocument.Parse(r.StdOut).RootElement;
        Assert.Equal(10, json.GetProperty("examples").GetInt32());
        var errors = json.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("code").GetString())).ToList();
        Assert.Equal([(3, "invalid_json"), (6, "unknown_role")], errors);
        var warning = Assert.Single(json.GetProperty("warnings").EnumerateArray());
        Assert.Equal((8, "duplicate"), (warning.GetProperty("line").GetInt32(), warning.GetProperty("code").GetString()));

        var clean = Dataset(dir, "clean.jsonl", 12);
        var ok = CliProcess.Run(["finetune", "validate", clean], env: Env(dir));
        Assert.True(ok.ExitCode == 0, ok.StdErr + ok.StdOut);
        Assert.Contains("OK: no errors", ok.StdOut);
    }

    [Fact]
    public void Stats_and_cost_report_tokens_epochs_and_price()
    {
        using var dir = new TempDirectory();
        var path = Dataset(dir, "d.jsonl", 20);
        var stats = CliProcess.Run(["finetune", "stats", path, "--json"], env: Env(dir));
        Assert.True(stats.ExitCode == 0, stats.StdErr);
        var s = JsonDocument.Parse(stats.StdOut).RootElement;
        Assert.Equal(20, s.GetProperty("examples").GetInt32());
        Assert.Equal(2, s.GetProperty("messages_per_example").GetProperty("median").GetDouble());
        long total = s.GetProperty("total_tokens").GetInt64();
        Assert.True(s.GetProperty("trained_share").GetDouble() is > 0 and < 1);

        var cost = CliProcess.Run(["finetune", "cost", path, "--model", "gpt-4o-mini", "--json"], env: Env(dir));
        Assert.True(cost.ExitCode == 0, cost.StdErr);
        var c = JsonDocument.Parse(cost.StdOut).RootElement;
        Assert.Equal(5, c.GetProperty("epochs").GetInt32()); // 20 × 3 < 100 → 100 / 20
        Assert.Equal(total * 5, c.GetProperty("billed_tokens").GetInt64());
        Assert.Equal(total * 5 * 3m / 1_000_000m, c.GetProperty("cost_usd").GetDecimal());

        var explicitEpochs = CliProcess.Run(["finetune", "cost", path, "--model", "gpt-4o-mini", "--epochs", "2"], env: Env(dir));
        Assert.Contains("epochs: 2 (given)", explicitEpochs.StdOut);
    }

    [Fact]
    public void Split_writes_three_deterministic_parts_without_leakage()
    {
        using var dir = new TempDirectory();
        var path = Dataset(dir, "d.jsonl", 100);
        File.AppendAllLines(path, [Chat("Where is order 1?", "shipping"), Chat("WHERE is order 2", "shipping")]);
        var a = CliProcess.Run(["finetune", "split", path, "--out", dir.File("a"), "--stratify", "assistant", "--seed", "5", "--json"], env: Env(dir));
        Assert.True(a.ExitCode == 0, a.StdErr);
        var json = JsonDocument.Parse(a.StdOut).RootElement;
        Assert.Equal(1, json.GetProperty("exact_duplicates_removed").GetInt32());
        Assert.Equal(1, json.GetProperty("normalized_duplicates_removed").GetInt32());
        Assert.Equal(0, json.GetProperty("leaks").GetInt32());
        // 25 refunds and 75 shipping questions: 10% of each (rounded half up) to validation and to test.
        var refund = json.GetProperty("strata").GetProperty("refund");
        Assert.Equal((19, 3, 3), (refund.GetProperty("train").GetInt32(), refund.GetProperty("validation").GetInt32(), refund.GetProperty("test").GetInt32()));
        var shipping = json.GetProperty("strata").GetProperty("shipping");
        Assert.Equal((59, 8, 8), (shipping.GetProperty("train").GetInt32(), shipping.GetProperty("validation").GetInt32(), shipping.GetProperty("test").GetInt32()));
        var b = CliProcess.Run(["finetune", "split", path, "--out", dir.File("b"), "--stratify", "assistant", "--seed", "5"], env: Env(dir));
        Assert.True(b.ExitCode == 0, b.StdErr);
        foreach (var part in new[] { "train.jsonl", "validation.jsonl", "test.jsonl" })
            Assert.Equal(File.ReadAllText(dir.File("a/" + part)), File.ReadAllText(dir.File("b/" + part)));
        var lines = new[] { "train.jsonl", "validation.jsonl", "test.jsonl" }.SelectMany(p => File.ReadAllLines(dir.File("a/" + p))).ToList();
        Assert.Equal(100, lines.Count);
        Assert.Equal(100, lines.Distinct().Count());
        Assert.Equal(11, File.ReadAllLines(dir.File("a/test.jsonl")).Length);
    }

    [Fact]
    public void Convert_round_trips_chat_through_alpaca()
    {
        using var dir = new TempDirectory();
        var path = Dataset(dir, "d.jsonl", 10);
        var there = CliProcess.Run(["finetune", "convert", path, "--to", "alpaca", "--out", dir.File("alpaca.jsonl")], env: Env(dir));
        Assert.True(there.ExitCode == 0, there.StdErr);
        Assert.Contains("\"instruction\"", File.ReadAllText(dir.File("alpaca.jsonl")));
        var back = CliProcess.Run(["finetune", "convert", dir.File("alpaca.jsonl"), "--to", "chat"], env: Env(dir));
        Assert.True(back.ExitCode == 0, back.StdErr);
        var original = File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement.GetRawText());
        var roundTrip = back.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonSerializer.Serialize(JsonDocument.Parse(l).RootElement));
        Assert.Equal(original.Select(o => JsonSerializer.Serialize(JsonDocument.Parse(o).RootElement)), roundTrip);
    }

    [Fact]
    public async Task Submit_waits_for_the_model_and_status_events_list_follow_the_job()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        server.RequiredApiKey = "test-key";
        using var dir = new TempDirectory();
        var train = Dataset(dir, "train.jsonl", 12);
        var r = CliProcess.Run(["finetune", "submit", train, "--model", "gpt-4o-mini", "--suffix", "tickets", "--wait", "--poll-interval", "0.01"], env: Env(dir, server));
        Assert.True(r.ExitCode == 0, r.StdErr + r.StdOut);
        Assert.Contains("fine-tuned model: ft:gpt-4o-mini:", r.StdOut);
        Assert.Contains("status: running", r.StdErr);
        Assert.Contains("The job has successfully completed", r.StdErr);
        var list = CliProcess.Run(["finetune", "list", "--json"], env: Env(dir, server));
        Assert.True(list.ExitCode == 0, list.StdErr);
        var job = Assert.Single(JsonDocument.Parse(list.StdOut).RootElement.GetProperty("jobs").EnumerateArray());
        var jobId = job.GetProperty("id").GetString()!;
        Assert.Equal("tickets", job.GetProperty("suffix").GetString());
        var status = CliProcess.Run(["finetune", "status", jobId, "--json"], env: Env(dir, server));
        Assert.True(status.ExitCode == 0, status.StdErr);
        Assert.Equal("succeeded", JsonDocument.Parse(status.StdOut).RootElement.GetProperty("status").GetString());
        var events = CliProcess.Run(["finetune", "events", jobId], env: Env(dir, server));
        Assert.True(events.ExitCode == 0, events.StdErr);
        Assert.Contains("Created fine-tuning job: " + jobId, events.StdOut);
    }

    [Fact]
    public async Task A_failed_job_exits_1_with_the_servers_error_and_cancel_works()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        server.FailNextJob = "The training file has examples over the token limit.";
        using var dir = new TempDirectory();
        var train = Dataset(dir, "train.jsonl", 10);
        var failed = CliProcess.Run(["finetune", "submit", train, "--model", "gpt-4o-mini", "--wait", "--poll-interval", "0.01"], env: Env(dir, server));
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("The training file has examples over the token limit.", failed.StdOut + failed.StdErr);

        var created = CliProcess.Run(["finetune", "submit", train, "--model", "gpt-4o-mini", "--json"], env: Env(dir, server));
        Assert.True(created.ExitCode == 0, created.StdErr);
        var id = JsonDocument.Parse(created.StdOut).RootElement.GetProperty("job").GetProperty("id").GetString()!;
        var cancel = CliProcess.Run(["finetune", "cancel", id], env: Env(dir, server));
        Assert.True(cancel.ExitCode == 0, cancel.StdErr);
        Assert.Contains("cancelled", cancel.StdOut);
        var again = CliProcess.Run(["finetune", "cancel", id], env: Env(dir, server));
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("cannot be cancelled", again.StdErr);
    }

    [Fact]
    public async Task Submit_refuses_an_invalid_file_without_uploading()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        using var dir = new TempDirectory();
        var train = Dataset(dir, "train.jsonl", 12, i => i == 3 ? """{"messages": "nope"}""" : Chat($"q{i}", "a"));
        var r = CliProcess.Run(["finetune", "submit", train, "--model", "gpt-4o-mini"], env: Env(dir, server));
        Assert.True(r.ExitCode == 2, r.StdErr);
        Assert.Contains("line 4", r.StdErr);
        Assert.Contains("messages_not_list", r.StdErr);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public void Job_commands_without_a_server_say_how_to_configure_one()
    {
        using var dir = new TempDirectory();
        var r = CliProcess.Run(["finetune", "list"], env: Env(dir));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("OPENAI_API_KEY", r.StdErr);
    }

    [Fact]
    public async Task Generate_refuses_without_a_chat_model_and_writes_sourced_examples_with_one()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("docs"));
        File.WriteAllText(dir.File("docs/leave.md"), "# Leave\n\nContractors receive fifteen days of paid leave each year. Leave must be requested two weeks in advance.\n");
        var ingest = CliProcess.Run(["ingest", dir.File("docs"), "--kb", dir.File("kb")], env: Env(dir));
        Assert.True(ingest.ExitCode == 0, ingest.StdErr);

        var refused = CliProcess.Run(["finetune", "generate", "--kb", dir.File("kb"), "--out", dir.File("qa.jsonl")], env: Env(dir));
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("TAILOR_CHAT_MODEL", refused.StdErr);
        Assert.False(File.Exists(dir.File("qa.jsonl")));

        await using var server = await OpenAiTestServer.StartAsync();
        server.ChatReply = _ => JsonSerializer.Serialize(new { question = "How many days of paid leave do contractors get?", answer = "Contractors receive fifteen days of paid leave each year." });
        var env = Env(dir, server);
        env["TAILOR_CHAT_MODEL"] = "gen-model";
        var r = CliProcess.Run(["finetune", "generate", "--kb", dir.File("kb"), "--out", dir.File("qa.jsonl"), "--json"], env: env);
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Equal(1, JsonDocument.Parse(r.StdOut).RootElement.GetProperty("examples").GetInt32());
        var example = JsonDocument.Parse(File.ReadAllLines(dir.File("qa.jsonl")).Single()).RootElement;
        Assert.Equal("Contractors receive fifteen days of paid leave each year.", example.GetProperty("messages")[1].GetProperty("content").GetString());
        Assert.Contains("leave.md", example.GetProperty("metadata").GetProperty("link").GetString());
        Assert.Equal("gen-model", server.RequestsTo("chat/completions")[0].Json!["model"]!.GetValue<string>());
    }
}
