using System.Text.Json;
using Tailor.Testing;
using Tailor.Testing.OpenAi;

namespace Tailor.Cli.Tests.Commands;

/// <summary>End-to-end runs of <c>tailor finetune eval</c> and <c>tailor finetune checkpoints</c> against the local OpenAI test server.</summary>
public sealed class FinetuneEvalCommandTests
{
    private static Dictionary<string, string?> Env(TempDirectory dir, OpenAiTestServer? server)
    {
        var env = new Dictionary<string, string?>
        {
            ["TAILOR_TOKENIZER_DIR"] = RepoPaths.Tokenizers, ["TAILOR_TOKENIZER_OFFLINE"] = "1",
            ["XDG_CONFIG_HOME"] = dir.Path, ["TAILOR_CONFIG"] = null, ["OPENAI_API_KEY"] = null, ["OPENAI_BASE_URL"] = null,
            ["AZURE_OPENAI_ENDPOINT"] = null, ["TAILOR_PRICES"] = null, ["TAILOR_CHAT_MODEL"] = null,
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

    private static string Question(int i) => $"Where does parcel {i} go?";

    private static string Reference(int i) => $"Depot {i}";

    private static int IndexOf(string question) => int.Parse(question.Split(' ')[3], System.Globalization.CultureInfo.InvariantCulture);

    private static string TestFile(TempDirectory dir, int n, string name = "test.jsonl")
    {
        var path = dir.File(name);
        File.WriteAllLines(path, Enumerable.Range(0, n).Select(i => Chat(Question(i), Reference(i))));
        return path;
    }

    private static string Scripted(ChatRequest r)
    {
        int i = IndexOf(r.LastUser);
        return r.Model == "half" && i % 2 == 1 ? "unknown" : Reference(i);
    }

    [Fact]
    public async Task Prints_the_table_and_the_documented_json_with_exact_scores()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        server.ChatReply = Scripted;
        using var dir = new TempDirectory();
        var test = TestFile(dir, 10);
        var prices = dir.File("prices.json");
        File.WriteAllText(prices, """{"perfect": {"input": 1, "output": 2}, "half": {"input": 0.5, "output": 1}}""");
        var report = dir.File("out/eval.html");
        var r = CliProcess.Run(["finetune", "eval", test, "--model", "perfect", "--model", "half", "--prices", prices, "--report", report, "--json"], env: Env(dir, server));
        Assert.True(r.ExitCode == 0, r.StdErr + r.StdOut);
        var root = JsonDocument.Parse(r.StdOut).RootElement;
        var results = root.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(2, results.Count);
        var perfect = results.Single(x => x.GetProperty("model").GetString() == "perfect");
        var half = results.Single(x => x.GetProperty("model").GetString() == "half");
        Assert.Equal("zero-shot", perfect.GetProperty("variant").GetString());
        Assert.Equal(10, perfect.GetProperty("examples").GetInt32());
        Assert.Equal(1.0, perfect.GetProperty("exact_match").GetDouble());
        Assert.Equal(1.0, perfect.GetProperty("token_f1").GetDouble());
        Assert.Equal(0.5, half.GetProperty("exact_match").GetDouble());
        Assert.Equal(0.5, half.GetProperty("token_f1").GetDouble());
        // 5 words + 4 + 3 = 12 prompt tokens and 2 answer tokens per request on the test server
        Assert.Equal((10 * 12 * 1 + 10 * 2 * 2) / 1e6m, perfect.GetProperty("cost_usd").GetDecimal());
        Assert.True(perfect.GetProperty("latency_ms_p50").GetDouble() > 0);
        Assert.True(perfect.TryGetProperty("latency_ms_p95", out _));
        Assert.Equal(20, root.GetProperty("items").GetArrayLength());
        Assert.True(root.GetProperty("recommendation").GetProperty("within_noise").GetBoolean());
        Assert.True(File.Exists(report));
        Assert.Contains("data-model=\"half\"", File.ReadAllText(report));

        // the second run reuses every answer: the same table, no request, and it works without a server
        int before = server.RequestsTo("chat/completions").Count;
        var text = CliProcess.Run(["finetune", "eval", test, "--model", "perfect", "--model", "half", "--prices", prices], env: Env(dir, null));
        Assert.True(text.ExitCode == 0, text.StdErr + text.StdOut);
        Assert.Equal(before, server.RequestsTo("chat/completions").Count);
        Assert.Contains("| perfect | zero-shot |       10 |      0 |       1.000 |    1.000 |", text.StdOut);
        Assert.Contains("| half    | zero-shot |       10 |      0 |       0.500 |    0.500 |", text.StdOut);
        Assert.Contains("recommendation: perfect zero-shot (token_f1 1) and half zero-shot (0.5) are within noise", text.StdOut);
        Assert.Contains("Prefer the cheaper, half zero-shot", text.StdOut);
        Assert.Contains("(20 of 20 reused from an earlier run)", text.StdOut);
    }

    [Fact]
    public async Task A_run_killed_midway_resumes_from_the_cache_without_asking_twice()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        int requests = 0;
        server.ChatReply = r =>
        {
            // after the third answer the next request is held (asynchronously) until the process is killed
            if (Interlocked.Increment(ref requests) == 3) server.Fail("chat/completions", ServerFault.Delay(TimeSpan.FromMinutes(10)));
            return Scripted(r);
        };
        using var dir = new TempDirectory();
        var test = TestFile(dir, 8);
        var cache = dir.File("answers.jsonl");
        using (var process = CliProcess.Start(["finetune", "eval", test, "--model", "perfect", "--concurrency", "1", "--cache", cache], env: Env(dir, server)))
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
            while ((CachedLines(cache).Count < 3 || server.RequestsTo("chat/completions").Count < 4) && !process.HasExited && DateTime.UtcNow < deadline)
                await Task.Delay(50);
            if (process.HasExited) Assert.Fail("the evaluation ended before it could be killed: " + process.StandardError.ReadToEnd());
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        var firstRun = server.RequestsTo("chat/completions").Select(q => LastUser(q)).ToList();
        Assert.True(firstRun.Count == 4, $"{firstRun.Count} requests, {CachedLines(cache).Count} cached: {string.Join(" / ", server.RequestsTo("chat/completions").Select(q => q.ReceivedAt.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " " + LastUser(q)))}");
        Assert.Equal(3, CachedLines(cache).Count);

        var r = CliProcess.Run(["finetune", "eval", test, "--model", "perfect", "--concurrency", "1", "--cache", cache, "--json"], env: Env(dir, server));
        Assert.True(r.ExitCode == 0, r.StdErr + r.StdOut);
        var secondRun = server.RequestsTo("chat/completions").Skip(4).Select(q => LastUser(q)).ToList();
        Assert.Equal(5, secondRun.Count);
        Assert.Empty(secondRun.Intersect(firstRun.Take(3))); // nothing answered before is asked again
        var root = JsonDocument.Parse(r.StdOut).RootElement;
        var result = Assert.Single(root.GetProperty("results").EnumerateArray());
        Assert.Equal(1.0, result.GetProperty("exact_match").GetDouble());
        Assert.Equal(3, result.GetProperty("cached").GetInt32());
    }

    /// <summary>The cache file's complete lines, read while another process may be appending to it.</summary>
    private static List<string> CachedLines(string path)
    {
        if (!File.Exists(path)) return [];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var text = new StreamReader(stream).ReadToEnd();
        return text.Split('\n').Where(l => l.Length > 0 && l.EndsWith('}')).ToList();
    }

    private static string LastUser(RecordedRequest request) =>
        request.Json!["messages"]!.AsArray().Last(m => m!["role"]!.GetValue<string>() == "user")!["content"]!.GetValue<string>();

    [Fact]
    public async Task A_test_file_holding_training_examples_is_flagged_and_failed_items_exit_1()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        server.ChatReply = r => IndexOf(r.LastUser) == 3 && r.Model == "perfect" ? throw new ChatReplyError(400, "This prompt was refused.") : Scripted(r);
        using var dir = new TempDirectory();
        var test = TestFile(dir, 6);
        var examples = dir.File("train.jsonl");
        File.WriteAllLines(examples, Enumerable.Range(20, 6).Select(i => Chat(Question(i), Reference(i))).Append(Chat(Question(4).ToUpperInvariant(), Reference(4))));
        var r = CliProcess.Run(["finetune", "eval", test, "--model", "perfect", "--variant", "all", "--examples", examples, "--no-cache"], env: Env(dir, server));
        Assert.True(r.ExitCode == 1, r.StdErr + r.StdOut);
        Assert.Contains("leakage: 1 test example(s) are also in the few-shot examples file", r.StdOut);
        Assert.Contains("test line 5 = examples line 7", r.StdOut);
        Assert.Contains("| perfect | few-shot  |        5 |      1 |", r.StdOut);
        Assert.Contains("line 4 perfect zero-shot:", r.StdOut);
        Assert.Contains("This prompt was refused.", r.StdOut);

        var json = CliProcess.Run(["finetune", "eval", test, "--model", "perfect", "--examples", examples, "--no-cache", "--json"], env: Env(dir, server));
        var leaks = JsonDocument.Parse(json.StdOut).RootElement.GetProperty("leaks").EnumerateArray().ToList();
        Assert.Equal(5, Assert.Single(leaks).GetProperty("test_line").GetInt32());
    }

    [Fact]
    public void Without_a_server_an_uncached_evaluation_says_what_to_set()
    {
        using var dir = new TempDirectory();
        var r = CliProcess.Run(["finetune", "eval", TestFile(dir, 3), "--model", "gpt-4o-mini", "--no-cache"], env: Env(dir, null));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("OPENAI_API_KEY", r.StdErr);
        var bad = CliProcess.Run(["finetune", "eval", TestFile(dir, 3), "--model", "m", "--variant", "rag"], env: Env(dir, null));
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--kb", bad.StdErr);
    }

    [Fact]
    public async Task Checkpoints_lists_metrics_and_best_names_the_lowest_validation_loss_to_evaluate()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        server.CheckpointLosses = [0.92, 0.61, 0.74];
        using var dir = new TempDirectory();
        var train = dir.File("train.jsonl");
        File.WriteAllLines(train, Enumerable.Range(0, 12).Select(i => Chat(Question(i), Reference(i))));
        var valid = TestFile(dir, 10, "valid.jsonl");
        var submit = CliProcess.Run(["finetune", "submit", train, "--validation", valid, "--model", "gpt-4o-mini", "--wait", "--poll-interval", "0.01", "--json"], env: Env(dir, server));
        Assert.True(submit.ExitCode == 0, submit.StdErr + submit.StdOut);
        var jobId = JsonDocument.Parse(submit.StdOut).RootElement.GetProperty("job").GetProperty("id").GetString()!;

        var list = CliProcess.Run(["finetune", "checkpoints", jobId], env: Env(dir, server));
        Assert.True(list.ExitCode == 0, list.StdErr);
        Assert.Contains("20\t0.4880\t0.6405\t0.6100", list.StdOut);
        Assert.Contains(":ckpt-step-20  ← best", list.StdOut);
        var best = CliProcess.Run(["finetune", "checkpoints", jobId, "--best"], env: Env(dir, server));
        Assert.True(best.ExitCode == 0, best.StdErr);
        var model = best.StdOut.Trim();
        Assert.Matches(@"^ft:gpt-4o-mini:tailor::\d+:ckpt-step-20$", model);

        // the checkpoint is a model id like any other
        server.ChatReply = r => r.Model == model ? Reference(IndexOf(r.LastUser)) : "no";
        var eval = CliProcess.Run(["finetune", "eval", TestFile(dir, 4), "--model", model, "--model", "gpt-4o-mini", "--no-cache", "--json"], env: Env(dir, server));
        Assert.True(eval.ExitCode == 0, eval.StdErr + eval.StdOut);
        var results = JsonDocument.Parse(eval.StdOut).RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(1.0, results.Single(x => x.GetProperty("model").GetString() == model).GetProperty("exact_match").GetDouble());
        Assert.Equal(0.0, results.Single(x => x.GetProperty("model").GetString() == "gpt-4o-mini").GetProperty("exact_match").GetDouble());
    }
}
