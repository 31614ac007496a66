using System.Text.Json;
using Tailor.Sessions;
using Tailor.Testing;
using Tailor.Testing.OpenAi;

namespace Tailor.Cli.Tests.Commands;

public sealed class ChatCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("tailor-chat-cli");

    private string Kb => _temp.File("kb");

    private static readonly Dictionary<string, string?> NoModel = new()
    {
        ["OPENAI_BASE_URL"] = null, ["OPENAI_API_KEY"] = null, ["TAILOR_CHAT_MODEL"] = null, ["TAILOR_CONFIG"] = null,
        ["AZURE_OPENAI_ENDPOINT"] = null, ["TAILOR_RERANK_URL"] = null,
    };

    private void Ingest()
    {
        _temp.Write("docs/employees.md", "# Employees\n\nEmployees get 25 vacation days per year.\n");
        _temp.Write("docs/kitchen.md", "# Kitchen\n\nThe kitchen closes at six in the evening.\n");
        Assert.Equal(0, CliProcess.Run(["ingest", _temp.File("docs"), "--kb", Kb]).ExitCode);
    }

    private Dictionary<string, string?> Env() => new(NoModel) { ["XDG_CONFIG_HOME"] = _temp.Path };

    [Fact]
    public void Without_a_chat_model_chat_refuses_and_names_the_settings()
    {
        Ingest();
        var r = CliProcess.Run(["chat", "--kb", Kb], env: Env(), stdin: "hello\n");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("TAILOR_CHAT_MODEL", r.StdErr);
        Assert.Contains("--offline", r.StdErr);
    }

    [Fact]
    public void Offline_chat_answers_each_line_and_the_session_continues_in_the_next_process()
    {
        Ingest();
        var first = CliProcess.Run(["chat", "--kb", Kb, "--offline", "--session", "hr", "--json"], env: Env(),
            stdin: "How many vacation days do employees get?\n\n/sources\nWhen does the kitchen close?\n");
        Assert.True(first.ExitCode == 0, first.StdErr);
        var lines = first.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        Assert.Equal(3, lines.Count);
        Assert.Contains("25 vacation days", lines[0].GetProperty("answer").GetString());
        Assert.Equal("employees.md", lines[0].GetProperty("citations")[0].GetProperty("document_id").GetString());
        Assert.Equal("extractive", lines[0].GetProperty("model").GetString());
        Assert.Equal("sources", lines[1].GetProperty("command").GetString());
        Assert.Equal("employees.md", lines[1].GetProperty("sources")[0].GetProperty("document_id").GetString());
        Assert.Contains("six", lines[2].GetProperty("answer").GetString());
        Assert.Equal(2, lines[2].GetProperty("history_messages").GetInt32());

        var show = CliProcess.Run(["sessions", "show", "hr", "--kb", Kb, "--json"]);
        Assert.True(show.ExitCode == 0, show.StdErr);
        var messages = JsonDocument.Parse(show.StdOut).RootElement.GetProperty("messages");
        Assert.Equal(4, messages.GetArrayLength());
        Assert.Equal("kitchen.md", messages[3].GetProperty("citations")[0].GetProperty("document_id").GetString());

        var second = CliProcess.Run(["chat", "--kb", Kb, "--offline", "--session", "hr"], env: Env(), stdin: "/reset\n/exit\nnot reached\n");
        Assert.True(second.ExitCode == 0, second.StdErr);
        Assert.Contains("Forgot 4 messages of session \"hr\"", second.StdOut);
        Assert.DoesNotContain("not reached", second.StdOut);

        var list = JsonDocument.Parse(CliProcess.Run(["sessions", "list", "--kb", Kb, "--json"]).StdOut).RootElement;
        Assert.Equal(0, list.GetProperty("sessions")[0].GetProperty("messages").GetInt32());
        Assert.Equal(0, CliProcess.Run(["sessions", "delete", "hr", "--kb", Kb]).ExitCode);
        Assert.Equal(2, CliProcess.Run(["sessions", "show", "hr", "--kb", Kb]).ExitCode);
    }

    private Dictionary<string, string?> ModelEnv(OpenAiTestServer server) => new(NoModel)
    {
        ["TAILOR_CONFIG"] = _temp.Write("config.json", "{ \"openai\": { \"maxRetries\": 0, \"timeoutSeconds\": 60 } }"),
        ["OPENAI_BASE_URL"] = server.BaseUrl.ToString(),
        ["TAILOR_CHAT_MODEL"] = "test-model",
    };

    private static bool IsRewrite(ChatRequest r) => r.System.Contains(QueryRewriter.Instruction, StringComparison.Ordinal);

    [Fact]
    public async Task Two_turns_through_stdin_the_second_searched_for_as_the_model_rewrote_it()
    {
        Ingest();
        _temp.Write("docs/contractors.md", "# Contractors\n\nContractors invoice monthly and get no paid leave.\n");
        Assert.Equal(0, CliProcess.Run(["ingest", _temp.File("docs"), "--kb", Kb]).ExitCode);
        await using var server = await OpenAiTestServer.StartAsync();
        server.ChatReply = r => IsRewrite(r) ? "contractors paid leave" : "Here is what the sources say [1].";

        var r = CliProcess.Run(["chat", "--kb", Kb, "--session", "hr", "--json", "-k", "2"], env: ModelEnv(server),
            stdin: "How many vacation days do employees get?\nAnd what about them?\n");
        Assert.True(r.ExitCode == 0, r.StdErr);
        var turns = r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        Assert.Equal(2, turns.Count);
        Assert.Equal("test-model", turns[0].GetProperty("model").GetString());
        Assert.Equal("How many vacation days do employees get?", turns[0].GetProperty("search_query").GetString());
        Assert.Equal("employees.md", turns[0].GetProperty("citations")[0].GetProperty("document_id").GetString());
        Assert.Equal("contractors paid leave", turns[1].GetProperty("search_query").GetString());
        Assert.Equal("contractors.md", turns[1].GetProperty("citations")[0].GetProperty("document_id").GetString());

        var chats = server.RequestsTo("chat/completions").Select(q => q.Json!).ToList();
        Assert.Equal(3, chats.Count); // answer, rewrite, answer: the first question needs no rewrite
        var rewrite = chats[1]["messages"]!.AsArray();
        Assert.Contains("User: How many vacation days do employees get?", rewrite[^1]!["content"]!.GetValue<string>());
        Assert.Contains("Assistant: Here is what the sources say [1].", rewrite[^1]!["content"]!.GetValue<string>());
        Assert.Contains("Follow-up question: And what about them?", rewrite[^1]!["content"]!.GetValue<string>());
        var answer = chats[2]["messages"]!.AsArray().Select(m => (Role: m!["role"]!.GetValue<string>(), Content: m["content"]!.GetValue<string>())).ToList();
        Assert.Contains(answer, m => m.Role == "user" && m.Content == "How many vacation days do employees get?"); // the history
        Assert.Contains(answer, m => m.Role == "assistant" && m.Content == "Here is what the sources say [1].");
        Assert.Contains("Contractors invoice monthly", answer[^1].Content); // sources retrieved for the rewrite
        Assert.Contains("And what about them?", answer[^1].Content);

        // The next process continues the session: `ask --session` rewrites with the stored history.
        server.ChatReply = q => IsRewrite(q) ? "kitchen closing time" : "It closes at six [1].";
        var ask = CliProcess.Run(["ask", "and the kitchen?", "--session", "hr", "--kb", Kb, "--json"], env: ModelEnv(server));
        Assert.True(ask.ExitCode == 0, ask.StdErr);
        var json = JsonDocument.Parse(ask.StdOut).RootElement;
        Assert.Equal("kitchen closing time", json.GetProperty("search_query").GetString());
        Assert.Equal("kitchen.md", json.GetProperty("citations")[0].GetProperty("document_id").GetString());
        Assert.Contains("And what about them?", server.RequestsTo("chat/completions")[^2].Json!["messages"]![1]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_failing_model_turn_is_answered_offline_with_fallback_extractive()
    {
        Ingest();
        await using var server = await OpenAiTestServer.StartAsync();
        server.Fail("chat/completions", ServerFault.Status(500));
        var r = CliProcess.Run(["chat", "--kb", Kb, "--json", "--fallback", "extractive"], env: ModelEnv(server), stdin: "How many vacation days do employees get?\n");
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Contains("--fallback extractive", r.StdErr);
        var turn = JsonDocument.Parse(r.StdOut.Trim()).RootElement;
        Assert.Equal("extractive", turn.GetProperty("model").GetString());
        Assert.Contains("25 vacation days", turn.GetProperty("answer").GetString());

        server.Fail("chat/completions", ServerFault.Status(500));
        var failed = CliProcess.Run(["chat", "--kb", Kb, "--json"], env: ModelEnv(server), stdin: "How many vacation days do employees get?\n");
        Assert.Equal(5, failed.ExitCode); // upstream
        Assert.Contains("500", failed.StdErr);
    }

    public void Dispose() => _temp.Dispose();
}
